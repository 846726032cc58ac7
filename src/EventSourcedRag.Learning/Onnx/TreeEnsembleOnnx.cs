using EventSourcedRag.Learning.Ranking;

namespace EventSourcedRag.Learning.Onnx;

/// <summary>
/// Writes a <see cref="TreeEnsemble"/> as one <c>ai.onnx.ml</c> TreeEnsembleRegressor node: input "features"
/// [N, width] float, output "score" [N, 1]. Interior nodes keep their indexes; leaf j of a tree with n interior
/// nodes becomes node n + j. The branch mode is BRANCH_LEQ, the same "≤ goes left" rule the trainer used.
/// </summary>
public static class TreeEnsembleOnnx
{
    public const string InputName = "features";
    public const string OutputName = "score";

    public static byte[] Export(TreeEnsemble ensemble, string graphName = "lambdamart")
    {
        List<long> treeIds = [], nodeIds = [], featureIds = [], trueIds = [], falseIds = [];
        List<float> values = [];
        List<string> modes = [];
        List<long> targetTrees = [], targetNodes = [];
        List<float> targetWeights = [];

        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var n = tree.NodeCount;
            long Id(int child) => child >= 0 ? child : n + ~child;
            for (var i = 0; i < n; i++)
            {
                treeIds.Add(t); nodeIds.Add(i); featureIds.Add(tree.Feature[i]); values.Add(tree.Threshold[i]);
                modes.Add("BRANCH_LEQ"); trueIds.Add(Id(tree.Left[i])); falseIds.Add(Id(tree.Right[i]));
            }
            for (var leaf = 0; leaf < tree.LeafValues.Length; leaf++)
            {
                treeIds.Add(t); nodeIds.Add(n + leaf); featureIds.Add(0); values.Add(0);
                modes.Add("LEAF"); trueIds.Add(0); falseIds.Add(0);
                targetTrees.Add(t); targetNodes.Add(n + leaf);
                targetWeights.Add((float)(tree.Weight * tree.LeafValues[leaf]));
            }
        }

        var attributes = new Dictionary<string, object>
        {
            ["nodes_treeids"] = treeIds.ToArray(),
            ["nodes_nodeids"] = nodeIds.ToArray(),
            ["nodes_featureids"] = featureIds.ToArray(),
            ["nodes_values"] = values.ToArray(),
            ["nodes_modes"] = modes.ToArray(),
            ["nodes_truenodeids"] = trueIds.ToArray(),
            ["nodes_falsenodeids"] = falseIds.ToArray(),
            ["target_treeids"] = targetTrees.ToArray(),
            ["target_nodeids"] = targetNodes.ToArray(),
            ["target_ids"] = new long[targetTrees.Count],
            ["target_weights"] = targetWeights.ToArray(),
            ["n_targets"] = 1L,
            ["aggregate_function"] = "SUM",
            ["post_transform"] = "NONE",
            ["base_values"] = new[] { (float)ensemble.Bias },
        };
        return new OnnxGraph(graphName)
            .Input(InputName, OnnxGraph.Float, null, (long)ensemble.Width)
            .Output(OutputName, OnnxGraph.Float, null, 1L)
            .Node("TreeEnsembleRegressor", [InputName], [OutputName], "ai.onnx.ml", attributes)
            .ToBytes();
    }
}
