using System.Text;
using EventSourcedRag.Retrieval.Answering;
using Microsoft.Extensions.AI;

namespace EventSourcedRag.Infrastructure.Generation;

/// <summary>The messages a chat model answers from: the rules, then the numbered sources and the question.</summary>
public static class ChatPrompt
{
    public const string Rules =
        "You answer questions using only the numbered sources given. After every sentence, cite the sources it " +
        "comes from as [n], using their numbers. If the sources do not answer the question, say so in one " +
        "sentence and cite nothing. Do not use outside knowledge. Be brief: at most four sentences.";

    public static IReadOnlyList<ChatMessage> Build(string question, IReadOnlyList<AnswerSource> sources, int maxSourceChars)
    {
        var user = new StringBuilder();
        user.AppendLine("Sources:");
        foreach (var source in sources.OrderBy(s => s.Position))
        {
            var text = source.Text.Length <= maxSourceChars ? source.Text : source.Text[..maxSourceChars] + " …";
            user.Append('[').Append(source.Position).Append("] ").AppendLine(source.Title).AppendLine(text).AppendLine();
        }
        user.Append("Question: ").AppendLine(question);
        return [new ChatMessage(ChatRole.System, Rules), new ChatMessage(ChatRole.User, user.ToString())];
    }
}
