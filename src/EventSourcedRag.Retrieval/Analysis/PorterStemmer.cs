namespace EventSourcedRag.Retrieval.Analysis;

/// <summary>
/// Martin Porter's 1980 suffix-stripping algorithm for English, as Lucene's PorterStemFilter applies it.
/// Works in place on a lower-case ASCII word; other input is returned unchanged.
/// </summary>
public static class PorterStemmer
{
    public static string Stem(string word)
    {
        if (word.Length <= 2) return word;
        foreach (var ch in word)
            if (ch is < 'a' or > 'z') return word;
        var s = new Stemming(word.ToCharArray());
        s.Step1ab();
        if (s.End > 0)
        {
            s.Step1c();
            s.Step2();
            s.Step3();
            s.Step4();
            s.Step5();
        }
        return new string(s.Buffer, 0, s.End + 1);
    }

    // Indices follow Porter's reference implementation: End is the last letter, J the stem boundary.
    private sealed class Stemming(char[] buffer)
    {
        public char[] Buffer = buffer;
        public int End = buffer.Length - 1;
        private int _j;

        private bool IsConsonant(int i) => Buffer[i] switch
        {
            'a' or 'e' or 'i' or 'o' or 'u' => false,
            'y' => i == 0 || !IsConsonant(i - 1),
            _ => true,
        };

        // m() counts VC sequences in Buffer[0.._j].
        private int Measure()
        {
            int n = 0, i = 0;
            while (true) { if (i > _j) return n; if (!IsConsonant(i)) break; i++; }
            i++;
            while (true)
            {
                while (true) { if (i > _j) return n; if (IsConsonant(i)) break; i++; }
                i++; n++;
                while (true) { if (i > _j) return n; if (!IsConsonant(i)) break; i++; }
                i++;
            }
        }

        private bool VowelInStem()
        {
            for (var i = 0; i <= _j; i++) if (!IsConsonant(i)) return true;
            return false;
        }

        private bool DoubleConsonant(int j) => j >= 1 && Buffer[j] == Buffer[j - 1] && IsConsonant(j);

        private bool Cvc(int i)
        {
            if (i < 2 || !IsConsonant(i) || IsConsonant(i - 1) || !IsConsonant(i - 2)) return false;
            return Buffer[i] is not ('w' or 'x' or 'y');
        }

        private bool EndsWith(string s)
        {
            var l = s.Length;
            var o = End - l + 1;
            if (o < 0) return false;
            for (var i = 0; i < l; i++) if (Buffer[o + i] != s[i]) return false;
            _j = End - l;
            return true;
        }

        private void SetTo(string s)
        {
            var l = s.Length;
            var o = _j + 1;
            if (o + l > Buffer.Length) Array.Resize(ref Buffer, o + l);
            for (var i = 0; i < l; i++) Buffer[o + i] = s[i];
            End = _j + l;
        }

        private void ReplaceIfMeasured(string s) { if (Measure() > 0) SetTo(s); }

        public void Step1ab()
        {
            if (Buffer[End] == 's')
            {
                if (EndsWith("sses")) End -= 2;
                else if (EndsWith("ies")) SetTo("i");
                else if (Buffer[End - 1] != 's') End--;
            }
            if (EndsWith("eed")) { if (Measure() > 0) End--; }
            else if ((EndsWith("ed") || EndsWith("ing")) && VowelInStem())
            {
                End = _j;
                if (EndsWith("at")) SetTo("ate");
                else if (EndsWith("bl")) SetTo("ble");
                else if (EndsWith("iz")) SetTo("ize");
                else if (DoubleConsonant(End))
                {
                    End--;
                    if (Buffer[End] is 'l' or 's' or 'z') End++;
                }
                else if (Measure() == 1 && Cvc(End)) { _j = End; SetTo("e"); }
            }
        }

        public void Step1c()
        {
            if (EndsWith("y") && VowelInStem()) Buffer[End] = 'i';
        }

        private static readonly (string Suffix, string Replacement)[] Step2Rules =
        [
            ("ational", "ate"), ("tional", "tion"), ("enci", "ence"), ("anci", "ance"), ("izer", "ize"), ("bli", "ble"),
            ("alli", "al"), ("entli", "ent"), ("eli", "e"), ("ousli", "ous"), ("ization", "ize"), ("ation", "ate"),
            ("ator", "ate"), ("alism", "al"), ("iveness", "ive"), ("fulness", "ful"), ("ousness", "ous"), ("aliti", "al"),
            ("iviti", "ive"), ("biliti", "ble"), ("logi", "log"),
        ];

        private static readonly (string Suffix, string Replacement)[] Step3Rules =
        [
            ("icate", "ic"), ("ative", ""), ("alize", "al"), ("iciti", "ic"), ("ical", "ic"), ("ful", ""), ("ness", ""),
        ];

        public void Step2() => ApplyFirst(Step2Rules);

        public void Step3() => ApplyFirst(Step3Rules);

        private void ApplyFirst((string Suffix, string Replacement)[] rules)
        {
            if (End == 0) return;
            foreach (var (suffix, replacement) in rules)
            {
                if (EndsWith(suffix)) { ReplaceIfMeasured(replacement); return; }
            }
        }

        private static readonly string[] Step4Suffixes =
        [
            "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
            "iti", "ous", "ive", "ize",
        ];

        public void Step4()
        {
            if (End == 0) return;
            foreach (var suffix in Step4Suffixes)
            {
                if (!EndsWith(suffix)) continue;
                if (suffix == "ion" && !(_j >= 0 && Buffer[_j] is 's' or 't')) return;
                // "ement" / "ment" / "ent" are tried longest first; stop at the first that matches.
                if (Measure() > 1) End = _j;
                return;
            }
        }

        public void Step5()
        {
            _j = End;
            if (Buffer[End] == 'e')
            {
                var a = Measure();
                if (a > 1 || (a == 1 && !Cvc(End - 1))) End--;
            }
            if (Buffer[End] == 'l' && DoubleConsonant(End) && Measure() > 1) End--;
        }
    }
}
