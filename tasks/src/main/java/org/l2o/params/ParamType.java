package org.l2o.params;

/** The value types a param may take; lists are YAML sequences or comma-separated strings. */
public enum ParamType {
  STRING("string"),
  INT("integer"),
  FLOAT("number"),
  BOOL("boolean"),
  STRING_LIST("list of strings"),
  INT_LIST("list of integers"),
  FLOAT_LIST("list of numbers");

  private final String description;

  ParamType(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  public boolean isList() {
    return this == STRING_LIST || this == INT_LIST || this == FLOAT_LIST;
  }

  /** The JSON-schema type name, for nextflow_schema.json. */
  public String jsonType() {
    return switch (this) {
      case STRING -> "string";
      case INT -> "integer";
      case FLOAT -> "number";
      case BOOL -> "boolean";
      default -> "array";
    };
  }
}
