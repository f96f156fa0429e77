package org.l2o.bench;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;

/**
 * The arithmetic a session call performs, counted from the graph: every op the fetches depend on
 * (the ops TF runs, since it prunes the rest), with its static shapes.
 *
 * <p>Conventions: a matrix product of {@code [M,K] x [K,N]} is {@code 2MKN} FLOPs; every
 * elementwise op, reduction and activation is 1 FLOP per element it produces (per input element
 * for reductions, and {@code n-1} per element for an {@code n}-way AddN), transcendental or not;
 * copies (concat, split, slice, gather, reshape) are 0. Transcendental elements (sigmoid, tanh,
 * exp, log, sqrt, ...) are also counted apart, because on CPU they cost 10-20x a multiply.
 */
public final class GraphFlops {

  /** FLOPs of one call, split into matrix products and the rest. */
  public record Count(
      long matmulFlops, long elementwiseFlops, long transcendentals, int ops, int unknownShapes) {
    public long total() {
      return matmulFlops + elementwiseFlops;
    }
  }

  private static final Set<String> TRANSCENDENTAL =
      Set.of("Sigmoid", "Tanh", "Exp", "Log", "Log1p", "Sqrt", "Rsqrt", "Pow", "Elu", "Softplus");

  private static final Set<String> ELEMENTWISE =
      Set.of(
          "Add", "AddV2", "Sub", "Mul", "Div", "RealDiv", "DivNoNan", "Maximum", "Minimum", "Neg",
          "Abs", "Sign", "Square", "Reciprocal", "SquaredDifference", "ClipByValue", "Select",
          "SelectV2", "Relu", "ReluGrad", "EluGrad", "SigmoidGrad", "TanhGrad", "SqrtGrad",
          "RsqrtGrad", "ReciprocalGrad", "BiasAdd", "LeakyRelu", "Softmax", "LogSoftmax");

  private static final Set<String> REDUCTION =
      Set.of("Sum", "Mean", "Max", "Min", "Prod", "BiasAddGrad");

  private GraphFlops() {}

  /** Counts the ops that computing {@code fetches} needs. */
  public static Count count(Collection<? extends Operand<?>> fetches) {
    Set<String> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>();
    for (Operand<?> f : fetches) {
      GraphOperation op = (GraphOperation) f.op();
      if (seen.add(op.name())) {
        todo.add(op);
      }
    }
    long matmul = 0;
    long elementwise = 0;
    long transcendental = 0;
    int unknown = 0;
    while (!todo.isEmpty()) {
      GraphOperation op = todo.poll();
      for (Operand<?> in : op.inputs()) {
        GraphOperation src = (GraphOperation) in.op();
        if (seen.add(src.name())) {
          todo.add(src);
        }
      }
      for (GraphOperation src : op.controlInputs()) {
        if (seen.add(src.name())) {
          todo.add(src);
        }
      }
      String type = op.type();
      long f = -2;
      if (type.equals("MatMul")) {
        f = matMul(op);
        if (f >= 0) {
          matmul += f;
        }
      } else if (type.startsWith("BatchMatMul")) {
        f = batchMatMul(op);
        if (f >= 0) {
          matmul += f;
        }
      } else if (ELEMENTWISE.contains(type) || TRANSCENDENTAL.contains(type)) {
        f = elements(op.output(0).shape());
        if (f >= 0) {
          elementwise += f;
          if (TRANSCENDENTAL.contains(type)) {
            transcendental += f;
          }
        }
      } else if (REDUCTION.contains(type)) {
        f = elements(op.input(0).shape());
        if (f >= 0) {
          elementwise += f;
        }
      } else if (type.equals("AddN")) {
        long e = elements(op.output(0).shape());
        f = e < 0 ? -1 : e * (op.numInputs() - 1);
        if (f >= 0) {
          elementwise += f;
        }
      }
      if (f == -1) {
        unknown++;
      }
    }
    return new Count(matmul, elementwise, transcendental, seen.size(), unknown);
  }

  private static long matMul(GraphOperation op) {
    Shape a = op.input(0).shape();
    Shape b = op.input(1).shape();
    if (a.numDimensions() != 2 || b.numDimensions() != 2 || a.hasUnknownDimension()
        || b.hasUnknownDimension()) {
      return -1;
    }
    boolean ta = op.attributes().getAttrBool("transpose_a");
    boolean tb = op.attributes().getAttrBool("transpose_b");
    long m = ta ? a.size(1) : a.size(0);
    long k = ta ? a.size(0) : a.size(1);
    long n = tb ? b.size(0) : b.size(1);
    return 2 * m * k * n;
  }

  private static long batchMatMul(GraphOperation op) {
    Shape a = op.input(0).shape();
    Shape out = op.output(0).shape();
    if (a.hasUnknownDimension() || out.hasUnknownDimension() || a.numDimensions() < 2) {
      return -1;
    }
    boolean adjX = op.attributes().getAttrBool("adj_x");
    long k = adjX ? a.size(a.numDimensions() - 2) : a.size(a.numDimensions() - 1);
    return 2 * out.size() * k;
  }

  private static long elements(Shape s) {
    if (s.isUnknown() || s.hasUnknownDimension()) {
      return -1;
    }
    return s.size();
  }
}
