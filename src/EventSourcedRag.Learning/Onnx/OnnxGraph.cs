namespace EventSourcedRag.Learning.Onnx;

/// <summary>
/// Builds an ONNX model (onnx.proto3: ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto) node by node.
/// Field numbers follow the ONNX specification; only what our exported models need is supported.
/// </summary>
public sealed class OnnxGraph(string name)
{
    public const int Float = 1;
    public const int Int64 = 7;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];
    private readonly Dictionary<string, int> _opsets = new() { [""] = 13 };
    private readonly SortedDictionary<string, string> _metadata = new(StringComparer.Ordinal);

    /// <summary>A graph input or output; a null dimension is symbolic (e.g. the batch).</summary>
    public OnnxGraph Input(string valueName, int elementType, params object?[] dims)
    {
        _inputs.Add(ValueInfo(valueName, elementType, dims));
        return this;
    }

    public OnnxGraph Output(string valueName, int elementType, params object?[] dims)
    {
        _outputs.Add(ValueInfo(valueName, elementType, dims));
        return this;
    }

    public OnnxGraph FloatInitializer(string valueName, long[] dims, float[] values) => Initializer(valueName, dims, Float, values, sizeof(float));

    public OnnxGraph Int64Initializer(string valueName, long[] dims, long[] values) => Initializer(valueName, dims, Int64, values, sizeof(long));

    private OnnxGraph Initializer(string valueName, long[] dims, int elementType, Array values, int elementSize)
    {
        var raw = new byte[values.Length * elementSize]; // ONNX raw_data is little-endian, as .NET is here
        Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
        _initializers.Add(new ProtoWriter().PackedInts(1, dims).Int(2, elementType).String(8, valueName).Bytes(9, raw));
        return this;
    }

    /// <summary>Adds a node; attributes are int (long), float, string, long[] or float[].</summary>
    public OnnxGraph Node(string opType, string[] inputs, string[] outputs, string domain = "", IReadOnlyDictionary<string, object>? attributes = null)
    {
        var node = new ProtoWriter();
        foreach (var i in inputs) node.String(1, i);
        foreach (var o in outputs) node.String(2, o);
        node.String(3, $"{opType}_{_nodes.Count}").String(4, opType);
        foreach (var (attrName, value) in attributes ?? new Dictionary<string, object>())
            node.Message(5, Attribute(attrName, value));
        if (domain.Length > 0)
        {
            node.String(7, domain);
            _opsets.TryAdd(domain, 1);
        }
        _nodes.Add(node);
        return this;
    }

    /// <summary>A key/value pair in the model's metadata_props (ONNX Runtime: ModelMetadata.CustomMetadataMap).</summary>
    public OnnxGraph Metadata(string key, string value)
    {
        _metadata[key] = value;
        return this;
    }

    public byte[] ToBytes(string producer = "EventSourcedRag")
    {
        var graph = new ProtoWriter();
        foreach (var n in _nodes) graph.Message(1, n);
        graph.String(2, name);
        foreach (var i in _initializers) graph.Message(5, i);
        foreach (var i in _inputs) graph.Message(11, i);
        foreach (var o in _outputs) graph.Message(12, o);

        var model = new ProtoWriter().Int(1, 8).String(2, producer);
        model.Message(7, graph);
        foreach (var (domain, version) in _opsets)
            model.Message(8, new ProtoWriter().String(1, domain).Int(2, version));
        foreach (var (key, value) in _metadata)
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        return model.ToArray();
    }

    private static ProtoWriter Attribute(string attrName, object value)
    {
        var a = new ProtoWriter().String(1, attrName);
        return value switch
        {
            long or int => a.Int(3, Convert.ToInt64(value)).Int(20, 2),
            float f => a.Float(2, f).Int(20, 1),
            string s => a.String(4, s).Int(20, 3),
            long[] ints => a.PackedInts(8, ints).Int(20, 7),
            float[] floats => a.PackedFloats(7, floats).Int(20, 6),
            string[] strings => WithStrings(a, strings).Int(20, 8),
            _ => throw new ArgumentException($"Unsupported attribute type {value.GetType().Name}"),
        };
    }

    private static ProtoWriter WithStrings(ProtoWriter a, string[] strings)
    {
        foreach (var s in strings) a.String(9, s);
        return a;
    }

    private static ProtoWriter ValueInfo(string valueName, int elementType, object?[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var d in dims)
        {
            var dim = d switch
            {
                null => new ProtoWriter().String(2, "N"),
                string symbol => new ProtoWriter().String(2, symbol),
                _ => new ProtoWriter().Int(1, Convert.ToInt64(d)),
            };
            shape.Message(1, dim);
        }
        var tensorType = new ProtoWriter().Int(1, elementType).Message(2, shape);
        var type = new ProtoWriter().Message(1, tensorType);
        return new ProtoWriter().String(1, valueName).Message(2, type);
    }
}
