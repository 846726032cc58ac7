// Regenerates wordpiece-golden.json: the token ids Hugging Face's own tokenizer (the `tokenizers` npm package,
// Rust bindings) gives for tricky texts under all-MiniLM-L6-v2's tokenizer.json. The C# tokenizer is tested
// against this file, so the test needs neither Node nor ../shared.
//   cd /tmp && npm install tokenizers@0.23.2 && NODE_PATH=/tmp/node_modules node make-wordpiece-golden.mjs ../shared/models/all-MiniLM-L6-v2/tokenizer.json
import { createRequire } from "node:module";
import { writeFileSync } from "node:fs";
const require = createRequire(import.meta.url);
const { Tokenizer } = require("tokenizers");

const texts = [
  "This is an example sentence",
  "How do I get a refund after cancellation?",
  "PTO request: vacation days for 2027",
  "Café naïve résumé Ångström façade",
  "ÉCOLE NORMALE SUPÉRIEURE",
  "北京是中国的首都。東京タワー",
  "I love it 🙂👍🏽 so much!!!",
  "don't won't it's O'Neil's rock'n'roll",
  "e-mail x.y@example.com https://example.org/a?b=c&d=e#f",
  "IL-6 and TNF-α drive β-cell apoptosis in 5'-UTR variants (p<0.05).",
  "3.14159 1,000,000 $12.50 50% 10^-9 mol/L",
  "tab\tseparated\nnew line\r\nwindows",
  "zero\u200bwidth and non\u00a0breaking spaces",
  "combining e\u0301 and precomposed é",
  "Ελληνικά κείμενα και русский текст",
  "supercalifragilisticexpialidocious antidisestablishmentarianism",
  "a".repeat(101) + " short",
  "x".repeat(100),
  "[CLS] [SEP] [MASK] literally",
  "    leading and trailing spaces    ",
  "",
  "control\u0007bell\u0000nul\ufffdreplacement",
  "Mixed CASE WordPiece ##hashes unaffordable",
  "émigré coöperate naïveté",
  "The quick brown fox jumps over the lazy dog. " .repeat(3).trim(),
];

const tokenizer = Tokenizer.fromFile(process.argv[2]);
tokenizer.setTruncation(100000);
tokenizer.setPadding({ maxLength: 0 });
const cases = [];
for (const text of texts) {
  const encoding = await tokenizer.encode(text);
  const ids = encoding.getIds();
  const mask = encoding.getAttentionMask();
  cases.push({ text, ids: ids.filter((_, i) => mask[i] === 1) });
}
writeFileSync(new URL("./wordpiece-golden.json", import.meta.url), JSON.stringify({ tokenizer: "all-MiniLM-L6-v2/tokenizer.json", generator: "tokenizers@0.23.2 (npm)", cases }, null, 1) + "\n");
console.log(`${cases.length} cases written`);
