package io.prescale.core.spi;

import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Finds {@link Named} providers registered in {@code META-INF/services}. */
public final class Providers {
  private Providers() {}

  /** Every provider of {@code type} on the class path, by name. Duplicate names are an error. */
  public static <T extends Named> Map<String, T> all(Class<T> type) {
    Map<String, T> byName = new TreeMap<>();
    for (T provider : ServiceLoader.load(type, type.getClassLoader())) {
      T previous = byName.put(provider.name(), provider);
      if (previous != null) {
        throw new IllegalStateException(
            type.getSimpleName()
                + " name '"
                + provider.name()
                + "' is registered twice: "
                + previous.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    return byName;
  }

  /** The provider called {@code name}; the error lists the names that exist. */
  public static <T extends Named> T find(Class<T> type, String name) {
    Map<String, T> byName = all(type);
    T found = byName.get(name);
    if (found == null) {
      throw new IllegalArgumentException(
          type.getSimpleName()
              + " '"
              + name
              + "' is not known; known: "
              + String.join(", ", byName.keySet()));
    }
    return found;
  }
}
