package org.l2o.tracking.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses MLflow's search filter and order_by strings: {@code params.x = 'v' and metrics.m < 1},
 * keys back-quoted or double-quoted when they hold spaces ({@code tags.`my tag` = 'v'}), the
 * comparators = != < <= > >= LIKE ILIKE IN and NOT IN, and {@code metrics.m DESC}. Only AND
 * joins clauses, as in MLflow. What a clause means is decided by {@link RunSearch} and
 * {@link ExperimentSearch}.
 */
final class SearchSyntax {

  enum Entity {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE
  }

  /** One comparison. {@code text} holds a quoted value, {@code number} a numeric one. */
  record Clause(Entity entity, String key, String op, String text, Double number, List<String> list) {}

  /** One order_by term. */
  record OrderKey(Entity entity, String key, boolean ascending) {}

  private enum Kind {
    WORD,
    QUOTED_KEY,
    STRING,
    NUMBER,
    OP,
    LPAREN,
    RPAREN,
    COMMA,
    END
  }

  private record Token(Kind kind, String text, int pos) {}

  private final String source;
  private final List<Token> tokens;
  private int at;

  private SearchSyntax(String source) {
    this.source = source;
    this.tokens = lex(source);
  }

  static List<Clause> parseFilter(String filter) {
    if (filter == null || filter.isBlank()) {
      return List.of();
    }
    SearchSyntax p = new SearchSyntax(filter);
    List<Clause> out = new ArrayList<>();
    out.add(p.clause());
    while (p.peek().kind != Kind.END) {
      Token t = p.next();
      if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("and")) {
        out.add(p.clause());
      } else if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("or")) {
        throw p.error(t, "'OR' is not supported; MLflow filters join clauses with AND only");
      } else {
        throw p.error(t, "expected 'AND' between clauses");
      }
    }
    return out;
  }

  static List<OrderKey> parseOrderBy(List<String> orderBy) {
    List<OrderKey> out = new ArrayList<>();
    for (String term : orderBy) {
      if (term == null || term.isBlank()) {
        continue;
      }
      SearchSyntax p = new SearchSyntax(term);
      String[] id = p.identifier();
      boolean asc = true;
      Token t = p.next();
      if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("desc")) {
        asc = false;
        t = p.next();
      } else if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("asc")) {
        t = p.next();
      }
      if (t.kind != Kind.END) {
        throw p.error(t, "expected 'ASC' or 'DESC' at the end of order_by term");
      }
      out.add(new OrderKey(entity(id[0], p, term), id[1], asc));
    }
    return out;
  }

  // ---------------------------------------------------------------- parser

  private Clause clause() {
    Token start = peek();
    String[] id = identifier();
    Entity entity = entity(id[0], this, source);
    Token t = next();
    String op;
    if (t.kind == Kind.OP) {
      op = t.text.equals("==") ? "=" : t.text.equals("<>") ? "!=" : t.text;
    } else if (t.kind == Kind.WORD && t.text.equalsIgnoreCase("not")) {
      Token in = next();
      if (!(in.kind == Kind.WORD && in.text.equalsIgnoreCase("in"))) {
        throw error(in, "expected 'IN' after 'NOT'");
      }
      op = "NOT IN";
    } else if (t.kind == Kind.WORD
        && (t.text.equalsIgnoreCase("like") || t.text.equalsIgnoreCase("ilike")
            || t.text.equalsIgnoreCase("in"))) {
      op = t.text.toUpperCase(Locale.ROOT);
    } else {
      throw error(t, "expected a comparator (=, !=, <, <=, >, >=, LIKE, ILIKE, IN, NOT IN) after '"
          + source.substring(start.pos, t.pos).trim() + "'");
    }
    if (op.endsWith("IN")) {
      return new Clause(entity, id[1], op, null, null, stringList());
    }
    Token v = next();
    switch (v.kind) {
      case STRING:
        return new Clause(entity, id[1], op, v.text, null, null);
      case NUMBER:
        return new Clause(entity, id[1], op, null, Double.valueOf(v.text), null);
      default:
        throw error(v, "expected a value (a quoted string or a number) after '" + op + "'");
    }
  }

  private List<String> stringList() {
    Token open = next();
    if (open.kind != Kind.LPAREN) {
      throw error(open, "expected '(' to start the IN list");
    }
    List<String> values = new ArrayList<>();
    while (true) {
      Token v = next();
      if (v.kind != Kind.STRING) {
        throw error(v, "expected a quoted string in the IN list");
      }
      values.add(v.text);
      Token sep = next();
      if (sep.kind == Kind.RPAREN) {
        return values;
      }
      if (sep.kind != Kind.COMMA) {
        throw error(sep, "expected ',' or ')' in the IN list");
      }
    }
  }

  /** Returns {entity-or-null, key}. */
  private String[] identifier() {
    Token t = next();
    if (t.kind == Kind.QUOTED_KEY) {
      return new String[] {null, t.text};
    }
    if (t.kind != Kind.WORD) {
      throw error(t, "expected an identifier such as metrics.loss, params.lr or attributes.status");
    }
    int dot = t.text.indexOf('.');
    if (dot < 0) {
      return new String[] {null, t.text};
    }
    String entity = t.text.substring(0, dot);
    String key = t.text.substring(dot + 1);
    if (key.isEmpty()) {
      Token q = next();
      if (q.kind != Kind.QUOTED_KEY && q.kind != Kind.STRING) {
        throw error(q, "expected a key after '" + t.text + "'");
      }
      key = q.text;
    }
    return new String[] {entity, key};
  }

  private static Entity entity(String word, SearchSyntax p, String source) {
    if (word == null) {
      return Entity.ATTRIBUTE;
    }
    switch (word.toLowerCase(Locale.ROOT)) {
      case "metric":
      case "metrics":
        return Entity.METRIC;
      case "param":
      case "params":
      case "parameter":
      case "parameters":
        return Entity.PARAM;
      case "tag":
      case "tags":
        return Entity.TAG;
      case "attribute":
      case "attributes":
      case "attr":
      case "run":
        return Entity.ATTRIBUTE;
      default:
        throw MlflowError.invalid(
            "Invalid entity type '" + word + "' in search expression '" + source
                + "'. Valid values are ['metrics', 'params', 'tags', 'attributes']");
    }
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind != Kind.END) {
      at++;
    }
    return t;
  }

  private Token peek() {
    return tokens.get(at);
  }

  private MlflowError error(Token t, String what) {
    String near = t.kind == Kind.END ? "end of input" : "position " + t.pos;
    return MlflowError.invalid("Invalid search expression '" + source + "' at " + near + ": " + what);
  }

  // ---------------------------------------------------------------- lexer

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", i++));
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", i++));
      } else if (c == ',') {
        out.add(new Token(Kind.COMMA, ",", i++));
      } else if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (end >= s.length()) {
            throw MlflowError.invalid(
                "Invalid search expression '" + s + "': unterminated quote starting at position " + i);
          }
          char d = s.charAt(end);
          if (d == '\\' && end + 1 < s.length()) {
            sb.append(s.charAt(end + 1));
            end += 2;
          } else if (d == c && end + 1 < s.length() && s.charAt(end + 1) == c) {
            sb.append(c);
            end += 2;
          } else if (d == c) {
            break;
          } else {
            sb.append(d);
            end++;
          }
        }
        out.add(new Token(c == '`' ? Kind.QUOTED_KEY : Kind.STRING, sb.toString(), i));
        i = end + 1;
      } else if ("=!<>".indexOf(c) >= 0) {
        String two = i + 1 < s.length() ? s.substring(i, i + 2) : "";
        if (two.equals("!=") || two.equals("<=") || two.equals(">=") || two.equals("==")
            || two.equals("<>")) {
          out.add(new Token(Kind.OP, two, i));
          i += 2;
        } else if (c == '!') {
          throw MlflowError.invalid("Invalid search expression '" + s + "': stray '!' at position " + i);
        } else {
          out.add(new Token(Kind.OP, String.valueOf(c), i++));
        }
      } else if (Character.isDigit(c) || ((c == '-' || c == '+' || c == '.') && i + 1 < s.length()
          && (Character.isDigit(s.charAt(i + 1)) || s.charAt(i + 1) == '.'))) {
        int end = i + 1;
        while (end < s.length() && (Character.isDigit(s.charAt(end)) || ".eE".indexOf(s.charAt(end)) >= 0
            || ((s.charAt(end) == '-' || s.charAt(end) == '+') && "eE".indexOf(s.charAt(end - 1)) >= 0))) {
          end++;
        }
        String num = s.substring(i, end);
        try {
          Double.parseDouble(num);
        } catch (NumberFormatException e) {
          throw MlflowError.invalid("Invalid search expression '" + s + "': bad number '" + num + "'");
        }
        out.add(new Token(Kind.NUMBER, num, i));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < s.length() && (Character.isLetterOrDigit(s.charAt(end))
            || "_.-/:".indexOf(s.charAt(end)) >= 0)) {
          end++;
        }
        out.add(new Token(Kind.WORD, s.substring(i, end), i));
        i = end;
      } else {
        throw MlflowError.invalid(
            "Invalid search expression '" + s + "': unexpected character '" + c + "' at position " + i);
      }
    }
    out.add(new Token(Kind.END, "", s.length()));
    return out;
  }
}
