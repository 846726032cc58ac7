using EventSourcedRag.Retrieval.Dense;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>Token states [batch, tokens, hidden] to one unit vector per text; padding (beyond each text's length) is never read.</summary>
public static class SentencePooling
{
    public static float[][] Pool(ReadOnlySpan<float> states, int[] lengths, int paddedLength, int hidden, Pooling pooling)
    {
        var result = new float[lengths.Length][];
        for (var b = 0; b < lengths.Length; b++)
        {
            var vector = new float[hidden];
            var text = states.Slice(b * paddedLength * hidden, paddedLength * hidden);
            if (pooling == Pooling.Cls) text[..hidden].CopyTo(vector);
            else
            {
                for (var t = 0; t < lengths[b]; t++)
                {
                    var token = text.Slice(t * hidden, hidden);
                    for (var d = 0; d < hidden; d++) vector[d] += token[d];
                }
                for (var d = 0; d < hidden; d++) vector[d] /= lengths[b];
            }
            VectorMath.Normalize(vector);
            result[b] = vector;
        }
        return result;
    }
}
