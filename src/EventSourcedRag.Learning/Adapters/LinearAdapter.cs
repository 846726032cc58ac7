using System.Numerics.Tensors;

namespace EventSourcedRag.Learning.Adapters;

/// <summary>A trained query adapter: q ↦ Wq / ‖Wq‖, with W square and stored row-major.</summary>
public sealed class LinearAdapter
{
    public LinearAdapter(int dimensions, float[] matrix)
    {
        if (matrix.Length != dimensions * dimensions) throw new ArgumentException($"A {dimensions}-dimensional adapter needs {dimensions * dimensions} weights.", nameof(matrix));
        Dimensions = dimensions;
        Matrix = matrix;
    }

    public int Dimensions { get; }

    /// <summary>W, row-major: row r holds the weights of output dimension r.</summary>
    public float[] Matrix { get; }

    public static LinearAdapter Identity(int dimensions)
    {
        var w = new float[dimensions * dimensions];
        for (var i = 0; i < dimensions; i++) w[i * dimensions + i] = 1;
        return new LinearAdapter(dimensions, w);
    }

    public float[] Apply(ReadOnlySpan<float> query)
    {
        if (query.Length != Dimensions) throw new ArgumentException($"The adapter maps {Dimensions}-dimensional queries, not {query.Length}-dimensional ones.", nameof(query));
        var output = new float[Dimensions];
        for (var r = 0; r < Dimensions; r++) output[r] = TensorPrimitives.Dot(Matrix.AsSpan(r * Dimensions, Dimensions), query);
        var norm = TensorPrimitives.Norm(output);
        if (norm > 0) TensorPrimitives.Divide(output, norm, output);
        return output;
    }

    /// <summary>‖W − I‖_F: how far training moved the map from serving the encoder's vectors unchanged.</summary>
    public double DistanceFromIdentity()
    {
        double sum = 0;
        for (var r = 0; r < Dimensions; r++)
            for (var c = 0; c < Dimensions; c++)
            {
                var d = Matrix[r * Dimensions + c] - (r == c ? 1.0 : 0.0);
                sum += d * d;
            }
        return Math.Sqrt(sum);
    }
}
