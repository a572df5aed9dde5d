package io.prescale.fuzz;

/** Groups failures: the thrown class and the first Prescale frame (else the first frame). */
final class Signatures {
  private Signatures() {}

  static String of(Throwable t) {
    StackTraceElement at = null;
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getClassName().startsWith("io.prescale.")
          && !e.getClassName().startsWith("io.prescale.fuzz.")) {
        at = e;
        break;
      }
    }
    if (at == null && t.getStackTrace().length > 0) {
      at = t.getStackTrace()[0];
    }
    String where =
        at == null
            ? "?"
            : at.getClassName().substring(at.getClassName().lastIndexOf('.') + 1)
                + "."
                + at.getMethodName()
                + ":"
                + at.getLineNumber();
    return t.getClass().getSimpleName() + " at " + where;
  }
}
