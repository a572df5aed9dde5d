package io.prescale.policy;

import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.spi.ProviderNames;
import io.prescale.core.spi.Providers;
import io.prescale.policy.YamlNode.Mapping;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Reads policy files: YAML with positions, then every check at once, then stacking into flat specs.
 * Immutable and thread-safe. {@link #standard()} knows the names registered on the class path:
 * modes ({@link DeciderProvider}), adapters and forecast models ({@link ProviderNames}); {@link
 * #withModes}, {@link #withAdapters} and {@link #withModels} add more names.
 */
public final class PolicyLoader {
  /** Larger files are refused: a policy is a few kilobytes. */
  public static final int MAX_BYTES = 1 << 20;

  private final Catalog catalog;
  private final SourceCheck sources;

  private PolicyLoader(Catalog catalog) {
    this(catalog, SourceCheck.NONE);
  }

  private PolicyLoader(Catalog catalog, SourceCheck sources) {
    this.catalog = catalog;
    this.sources = sources;
  }

  /** The modes, adapters and forecast models registered on the class path. */
  public static PolicyLoader standard() {
    return new PolicyLoader(
        new Catalog(
            registered(() -> Providers.all(DeciderProvider.class).keySet()),
            registered(() -> ProviderNames.of(ProviderNames.ADAPTER)),
            registered(() -> ProviderNames.of(ProviderNames.FORECAST_MODEL)),
            TargetCheck.NONE),
        SourceCheck.NONE);
  }

  /** This loader, also accepting {@code names} as modes. */
  public PolicyLoader withModes(Collection<String> names) {
    return new PolicyLoader(
        new Catalog(
            plus(catalog.modes(), names), catalog.adapters(), catalog.models(), catalog.targets()),
        sources);
  }

  /** This loader, also accepting {@code names} as adapter names. */
  public PolicyLoader withAdapters(Collection<String> names) {
    return new PolicyLoader(
        new Catalog(
            catalog.modes(), plus(catalog.adapters(), names), catalog.models(), catalog.targets()),
        sources);
  }

  /** This loader, also accepting {@code names} as forecast model names. */
  public PolicyLoader withModels(Collection<String> names) {
    return new PolicyLoader(
        new Catalog(
            catalog.modes(), catalog.adapters(), plus(catalog.models(), names), catalog.targets()),
        sources);
  }

  /**
   * This loader, also checking every {@code adapter.target} with {@code check} (each problem is an
   * error at the target's position, path {@code ...adapter.target}).
   */
  public PolicyLoader withTargetCheck(TargetCheck check) {
    return new PolicyLoader(
        new Catalog(
            catalog.modes(),
            catalog.adapters(),
            catalog.models(),
            Objects.requireNonNull(check, "check")),
        sources);
  }

  /**
   * This loader, also checking the {@code sources} section with {@code check} (each problem is an
   * error at its setting's position, path {@code sources.NAME.KEY}).
   */
  public PolicyLoader withSourceCheck(SourceCheck check) {
    return new PolicyLoader(catalog, Objects.requireNonNull(check, "check"));
  }

  /** The mode names a policy may use. */
  public Set<String> modes() {
    return catalog.modes();
  }

  /** The adapter names a policy may use. */
  public Set<String> adapters() {
    return catalog.adapters();
  }

  /** The forecast model names a policy may use. */
  public Set<String> models() {
    return catalog.models();
  }

  /** The policy in {@code file}; the exception lists every problem, each with file:line:column. */
  public Policy load(Path file) throws PolicyException {
    String name = file.toString();
    byte[] bytes;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new PolicyException(
            List.of(
                new PolicyError(
                    name, 0, 0, "", "file is " + size + " bytes, must be at most " + MAX_BYTES)));
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new PolicyException(List.of(new PolicyError(name, 0, 0, "", "file does not exist")));
    } catch (IOException e) {
      throw new PolicyException(List.of(new PolicyError(name, 0, 0, "", "cannot read: " + e)));
    }
    return parse(bytes, name);
  }

  /** The policy in {@code bytes} (UTF-8) read from a file called {@code name}. */
  public Policy parse(byte[] bytes, String name) throws PolicyException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new PolicyException(
          List.of(new PolicyError(name, 0, 0, "", "is not valid UTF-8 text")));
    }
    return parse(text, name);
  }

  /** The policy in {@code text}, read from a file called {@code name} (used in messages). */
  public Policy parse(String text, String name) throws PolicyException {
    Problems problems = new Problems(name);
    Policy policy = build(YamlReader.read(text, problems), name, problems);
    if (!problems.isEmpty() || policy == null) {
      if (problems.isEmpty()) {
        problems.add((YamlNode.Pos) null, "", "cannot be used");
      }
      throw new PolicyException(problems.sorted());
    }
    return policy;
  }

  private Policy build(YamlNode root, String name, Problems problems) {
    if (root == null) {
      return null;
    }
    if (!(root instanceof Mapping m)) {
      problems.add(
          root,
          "",
          "the file must be a mapping with keys defaults, policies and/or sources, not "
              + root.describe());
      return null;
    }
    LayerParser layers = new LayerParser(catalog, problems);
    Layer defaults = null;
    List<Rule> rules = new ArrayList<>();
    Map<String, Map<String, String>> sourceSettings = Map.of();
    List<SourceSpec> prometheus = List.of();
    for (YamlNode.Entry e : m.entries()) {
      switch (e.key()) {
        case "defaults":
          if (e.value() instanceof Mapping dm) {
            defaults = layers.parse(dm, "defaults", "defaults", Set.of(), true);
          } else if (!(e.value() instanceof YamlNode.Scalar s
              && s.type() == YamlNode.Scalar.Type.NULL)) {
            problems.add(
                e.value(),
                "defaults",
                "= " + e.value().describe() + ", must be a mapping of settings");
          } else {
            defaults = Layer.empty("defaults", "defaults");
          }
          break;
        case "policies":
          rules = rules(e.value(), layers, problems);
          break;
        case "sources":
          SourcesParser parser = new SourcesParser(sources, problems, layers);
          sourceSettings = parser.parse(e.value());
          prometheus = parser.prometheus();
          break;
        default:
          layers.unknownKey(
              e, e.key(), new LinkedHashSet<>(List.of("defaults", "policies", "sources")));
      }
    }
    // Cross-field checks run even when a key was bad, so one run reports everything; a bad value
    // is simply absent from its layer.
    Policy p = stack(name, defaults, rules, prometheus, problems);
    return p == null ? null : p.withSources(sourceSettings);
  }

  private static List<Rule> rules(YamlNode node, LayerParser layers, Problems problems) {
    List<Rule> rules = new ArrayList<>();
    if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NULL) {
      return rules;
    }
    if (!(node instanceof YamlNode.Sequence seq)) {
      problems.add(node, "policies", "= " + node.describe() + ", must be a list of rules");
      return rules;
    }
    RuleParser parser = new RuleParser(layers, problems);
    Map<String, Rule> byName = new HashMap<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Rule r = parser.parse(seq.items().get(i), i);
      if (r == null) {
        continue;
      }
      Rule first = byName.putIfAbsent(r.name(), r);
      if (first != null) {
        problems.add(
            r.pos(),
            "policies[" + i + "].name",
            "= \""
                + r.name()
                + "\", must be unique (also policies["
                + first.index()
                + "] at line "
                + first.pos().line()
                + ")");
      }
      rules.add(r);
    }
    return rules;
  }

  private static Policy stack(
      String name,
      Layer defaultsLayer,
      List<Rule> rules,
      List<SourceSpec> sources,
      Problems problems) {
    Compiler compiler = new Compiler(problems);
    ResolvedSpec defaults =
        defaultsLayer == null
            ? Compiler.builtIn()
            : compiler.stack(Compiler.builtIn(), defaultsLayer, "defaults");
    if (defaults == null) {
      return null;
    }
    List<ResolvedSpec> ruleSpecs = new ArrayList<>();
    List<List<ResolvedSpec>> scheduleSpecs = new ArrayList<>();
    for (Rule r : rules) {
      ResolvedSpec rl = compiler.stack(defaults, r.layer(), r.name());
      List<ResolvedSpec> sl = new ArrayList<>();
      if (rl != null) {
        for (Schedule s : r.schedules()) {
          sl.add(compiler.stack(rl, s.layer(), r.name()));
        }
      }
      ruleSpecs.add(rl);
      scheduleSpecs.add(sl);
    }
    if (!problems.isEmpty()) {
      return null;
    }
    return new Policy(name, defaults, rules, ruleSpecs, scheduleSpecs, sources);
  }

  /**
   * The names {@code source} finds; none when a provider is broken (whoever uses it reports that).
   */
  private static Set<String> registered(Supplier<Set<String>> source) {
    try {
      return Collections.unmodifiableSet(new LinkedHashSet<>(source.get()));
    } catch (RuntimeException | ServiceConfigurationError e) {
      return Set.of();
    }
  }

  private static Set<String> plus(Set<String> names, Collection<String> more) {
    Set<String> out = new LinkedHashSet<>(names);
    out.addAll(more);
    return Collections.unmodifiableSet(out);
  }
}
