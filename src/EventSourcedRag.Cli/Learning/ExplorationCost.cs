using System.Text.Json.Serialization;

namespace EventSourcedRag.Cli.Learning;

/// <summary>
/// What exploration cost the simulated users in a cycle. Which responses explore is drawn by a hash of the response id,
/// so each explored response is compared with the same question ranked again without exploration, judged by the
/// simulator's judgements: the loss is what users were shown less well.
/// </summary>
/// <param name="NdcgLossPerResponse">Mean nDCG@10 lost over every traffic response (0 for those that did not explore).</param>
public sealed record ExplorationCost(
    [property: JsonPropertyName("responses")] int Responses,
    [property: JsonPropertyName("explored")] int Explored,
    [property: JsonPropertyName("explored_relevant")] int ExploredRelevant,
    [property: JsonPropertyName("clicks_on_explored")] int ClicksOnExplored,
    [property: JsonPropertyName("ndcg_loss_per_explored")] double NdcgLossPerExplored,
    [property: JsonPropertyName("ndcg_loss_per_response")] double NdcgLossPerResponse);
