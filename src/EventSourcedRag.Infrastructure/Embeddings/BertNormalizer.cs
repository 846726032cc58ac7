using System.Globalization;
using System.Text;

namespace EventSourcedRag.Infrastructure.Embeddings;

/// <summary>
/// The text clean-up of BERT's uncased tokenizers, as Hugging Face's <c>BertNormalizer</c> does it with
/// clean_text, handle_chinese_chars, strip_accents and lowercase on: control characters are dropped, white space
/// becomes a space, CJK ideographs stand alone, accents are stripped (NFD without non-spacing marks), and the
/// text is lower-cased. Any difference from the reference shows up as other token ids, so it is tested against
/// ids produced by the reference implementation (tests/.../Fixtures/wordpiece-golden.json).
/// </summary>
public static class BertNormalizer
{
    public static string Normalize(string text, bool lowerCase)
    {
        var cleaned = new StringBuilder(text.Length + 8);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == 0 || rune.Value == 0xFFFD || IsControl(rune)) continue;
            if (Rune.IsWhiteSpace(rune)) cleaned.Append(' ');
            else if (IsChineseCharacter(rune.Value)) cleaned.Append(' ').Append(rune.ToString()).Append(' ');
            else cleaned.Append(rune.ToString());
        }
        if (!lowerCase) return cleaned.ToString();

        var decomposed = cleaned.ToString().Normalize(NormalizationForm.FormD);
        var result = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
            if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark) result.Append(Rune.ToLowerInvariant(rune).ToString());
        return result.ToString();
    }

    /// <summary>BERT's punctuation: any ASCII punctuation or symbol (so "$", "^" and "`" split words) or any Unicode P* character.</summary>
    public static bool IsPunctuation(Rune rune)
    {
        var c = rune.Value;
        if (c is >= 33 and <= 47 or >= 58 and <= 64 or >= 91 and <= 96 or >= 123 and <= 126) return true;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation
            or UnicodeCategory.FinalQuotePunctuation or UnicodeCategory.OtherPunctuation;
    }

    // Tab, newline and carriage return count as white space, every other C* character is dropped.
    private static bool IsControl(Rune rune) =>
        rune.Value is not ('\t' or '\n' or '\r')
        && Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.OtherNotAssigned
            or UnicodeCategory.PrivateUse or UnicodeCategory.Surrogate;

    // The CJK Unified Ideographs blocks BERT isolates; Hangul, Hiragana and Katakana are not among them.
    private static bool IsChineseCharacter(int c) =>
        c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF or >= 0x2A700 and <= 0x2B73F
            or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;
}
