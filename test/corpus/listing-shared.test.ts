/**
 * The real 50-paper listing sample. Every expected value below was checked by hand against the raw file:
 * [meta line number, score, category, ISO date, date as written, Code flag, title, authors, orgs].
 * Every author list in this file ends in `et al.`. Dates without a year use listingYear 2026.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { collect } from './helpers.js';

// `../shared/data` relative to the project root; absent on a fresh clone, and then these tests skip.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FILE = path.join(ROOT, '..', 'shared', 'data', 'listing', '000_d1966faac4d34ee1.txt');

type Row = [number, number | undefined, string, string, string, boolean, string, string[], string[]];

const EXPECTED: Row[] = [
  [1, undefined, 'cs.CV', '2023-07-19', 'Jul 19, 2023', true, 'Density-invariant Features for Distant Point Cloud Registration', ['Quan Liu', 'Hongzi Zhu', 'Yunsong Zhou'], ['pku']],
  [4, undefined, 'cs.LG', '2022-08-30', 'Aug 30, 2022', false, 'ANT: Exploiting Adaptive Numerical Data Type for Low-bit Deep Neural Network Quantization', ['Cong Guo', 'Chen Zhang', 'Jingwen Leng'], ['microsoft-research']],
  [7, undefined, 'cs.CL', '2022-05-15', 'May 15, 2022', false, 'Transkimmer: Transformer Learns to Layer-wise Skim', ['Yue Guan', 'Zhengyi Li', 'Jingwen Leng'], ['meta-ai', 'mila']],
  [10, undefined, 'cs.LG', '2022-09-22', 'Sep 22, 2022', false, 'Nesting Forward Automatic Differentiation for Memory-Efficient Deep Neural Network Training', ['Cong Guo', 'Yuxian Qiu', 'Jingwen Leng'], ['microsoft-research']],
  [13, undefined, 'cs.AR', '2022-06-29', 'Jun 29, 2022', false, 'SALO: An Efficient Spatial Accelerator Enabling Hybrid Sparse Attention Mechanisms for Long Sequences', ['Guan Shen', 'Jieru Zhao', 'Quan Chen'], []],
  [16, undefined, 'cs.AR', '2024-07-21', 'Jul 21, 2024', true, 'AutoVCoder: A Systematic Framework for Automated Verilog Code Generation using LLMs', ['Mingzhe Gao', 'Jieru Zhao', 'Zhe Lin'], []],
  [19, undefined, 'cs.CV', '2023-03-23', 'Mar 23, 2023', false, 'MonoATT: Online Monocular 3D Object Detection with Adaptive Token Transformer', ['Yunsong Zhou', 'Hongzi Zhu', 'Quan Liu'], []],
  [22, undefined, 'cs.LG', '2026-01-29', 'Jan 29', true, 'DASH: Deterministic Attention Scheduling for High-throughput Reproducible LLM Training', ['Xinwei Qiang', 'Hongmin Chen', 'Shixuan Sun'], []],
  [25, 99.3, 'cs.DC', '2026-05-06', 'May 6', false, 'eLLM: Elastic Memory Management Framework for Efficient LLM Serving', ['Jiale Xu', 'Rui Zhang', 'Yi Xiong'], []],
  [28, 98.9, 'cs.AR', '2026-05-07', 'May 7', false, 'MoE-Hub: Taming Software Complexity for Seamless MoE Overlap with Hardware-Accelerated Communication on Multi-GPU Systems', ['Zhuoshan Zhou', 'Chen Zhang', 'Shuyi Zhang'], []],
  [31, undefined, 'cs.CV', '2023-03-23', 'Mar 23, 2023', false, 'MoGDE: Boosting Mobile Monocular 3D Object Detection with Ground Depth Estimation', ['Yunsong Zhou', 'Quan Liu', 'Hongzi Zhu'], []],
  [34, undefined, 'cs.LG', '2025-10-30', 'Oct 30, 2025', true, 'Accurate Target Privacy Preserving Federated Learning Balancing Fairness and Utility', ['Kangkang Sun', 'Jun Wu', 'Minyi Guo'], []],
  [37, undefined, 'cs.DC', '2024-07-22', 'Jul 22, 2024', false, 'vTensor: Flexible Virtual Tensor Management for Efficient LLM Serving', ['Jiale Xu', 'Rui Zhang', 'Cong Guo'], []],
  [40, undefined, 'cs.DC', '2023-07-23', 'Jul 23, 2023', false, 'MARS: Exploiting Multi-Level Parallelism for DNN Workloads on Adaptive Multi-Accelerator Systems', ['Guan Shen', 'Jieru Zhao', 'Zeke Wang'], []],
  [43, undefined, 'cs.LG', '2023-09-27', 'Sep 27, 2023', false, 'STAG: Enabling Low Latency and Low Staleness of GNN-based Services with Dynamic Graphs', ['Jiawen Wang', 'Quan Chen', 'Deze Zeng'], []],
  [46, undefined, 'cs.LG', '2022-08-25', 'Aug 25, 2022', false, 'Efficient Adaptive Activation Rounding for Post-Training Quantization', ['Zhengyi Li', 'Cong Guo', 'Zhanda Zhu'], []],
  [49, 61.8, 'cs.AR', '2026-04-14', 'Apr 14', true, 'CODO: An Automated Compiler for Comprehensive Dataflow Optimization', ['Weichuang Zhang', 'Yiquan Wang', 'Xinzhou Zhang'], []],
  [52, undefined, 'cs.AR', '2023-08-16', 'Aug 16, 2023', false, 'Accelerating Generic Graph Neural Networks via Architecture, Compiler, Partition Method Co-Design', ['Shuwen Lu', 'Zhihui Zhang', 'Cong Guo'], []],
  [55, undefined, 'cs.LG', '2025-12-29', 'Dec 29, 2025', false, 'Yggdrasil: Bridging Dynamic Speculation and Static Runtime for Latency-Optimal Tree-Based LLM Decoding', ['Yue Guan', 'Changming Yu', 'Shihan Fang'], []],
  [58, undefined, 'cs.LG', '2024-09-11', 'Sep 11, 2024', false, 'Inf-MLLM: Efficient Streaming Inference of Multimodal Large Language Models on a Single GPU', ['Zhenyu Ning', 'Jieru Zhao', 'Qihao Jin'], []],
  [61, 87.4, 'cs.GT', '2026-03-30', 'Mar 30', false, 'Privacy as Commodity: MFG-RegretNet for Large-Scale Privacy Trading in Federated Learning', ['Kangkang Sun', 'Jianhua Li', 'Xiuzhen Chen'], []],
  [64, 94.6, 'cs.AR', '2026-05-07', 'May 7', false, 'Towards Compute-Aware In-Switch Computing for LLMs Tensor-Parallelism on Multi-GPU Systems', ['Chen Zhang', 'Qijun Zhang', 'Zhuoshan Zhou'], []],
  [67, undefined, 'cs.LG', '2024-12-04', 'Dec 4, 2024', true, 'ClusterKV: Manipulating LLM KV Cache in Semantic Space for Recallable Compression', ['Guangda Liu', 'Chengwei Li', 'Jieru Zhao'], []],
  [70, undefined, 'cs.LG', '2024-12-18', 'Dec 18, 2024', true, 'A Survey on Inference Optimization Techniques for Mixture of Experts Models', ['Jiacheng Liu', 'Peng Tang', 'Wenfeng Wang'], []],
  [73, 86.8, 'cs.DC', '2026-03-22', 'Mar 22', false, 'CALVO: Improve Serving Efficiency for LLM Inferences with Intense Network Demands', ['Weiye Wang', 'Chen Chen', 'Junxue Zhang'], []],
  [76, 75.6, 'cs.AI', '2026-03-30', 'Mar 30', false, 'CoE: Collaborative Entropy for Uncertainty Quantification in Agentic Multi-LLM Systems', ['Kangkang Sun', 'Jun Wu', 'Jianhua Li'], []],
  [79, undefined, 'cs.DC', '2025-11-13', 'Nov 13, 2025', false, 'Harli: SLO-Aware Co-location of LLM Inference and PEFT-based Finetuning on Model-as-a-Service Platforms', ['Ao Xu', 'Han Zhao', 'Weihao Cui'], []],
  [82, 87.2, 'cs.DC', '2026-03-24', 'Mar 24', false, 'PCR: A Prefetch-Enhanced Cache Reuse System for Low-Latency RAG Serving', ['Wenfeng Wang', 'Xiaofeng Hou', 'Peng Tang'], []],
  [85, 82.1, 'cs.DC', '2026-05-16', 'May 16', false, 'GoodServe: Towards High-Goodput Serving of Agentic LLM Inferences over Heterogeneous Resources', ['Boxiao Du', 'Boning Huangfu', 'Yizhou Luo'], []],
  [88, 76.2, 'cs.NI', '2026-04-19', 'Apr 19', false, 'Safety-Aware AoI Scheduling for LEO Satellite-Assisted Autonomous Driving', ['Kangkang Sun', 'Junyi He', 'Juntong Liu'], []],
  [91, undefined, 'cs.CV', '2025-12-01', 'Dec 1, 2025', false, 'BlinkBud: Detecting Hazards from Behind via Sampled Monocular 3D Detection on a Single Earbud', ['Yunzhe Li', 'Jiajun Yan', 'Yuzhou Wei'], []],
  [94, undefined, 'cs.DC', '2025-08-26', 'Aug 26, 2025', true, 'ClusterFusion: Expanding Operator Fusion Scope for LLM Inference via Cluster-Level Collective Primitive', ['Xinhao Luo', 'Zihan Liu', 'Yangjie Zhou'], []],
  [97, 87.7, 'cs.DB', '2026-04-12', 'Apr 12', false, 'gMatch: Fine-Grained and Hardware-Efficient Subgraph Matching on GPUs', ['Weitian Chen', 'Shixuan Sun', 'Cheng Chen'], []],
  [100, 88.1, 'cs.DC', '2026-03-11', 'Mar 11', false, 'S-HPLB: Efficient LLM Attention Serving via Sparsity-Aware Head Parallelism Load Balance', ['Di Liu', 'Yifei Liu', 'Chen Chen'], []],
  [103, undefined, 'cs.CR', '2025-12-08', 'Dec 8, 2025', false, 'ThinkTrap: Denial-of-Service Attacks against Black-box LLM Services via Infinite Thinking', ['Yunzhe Li', 'Jianan Wang', 'Hongzi Zhu'], []],
  [106, 95, 'cs.DC', '2026-05-12', 'May 12', false, 'AB-Sparse: Sparse Attention with Adaptive Block Size for Accurate and Efficient Long-Context Inference', ['Di Liu', 'Ruitian Wang', 'Chen Chen'], []],
  [109, undefined, 'cs.CV', '2023-05-04', 'May 4, 2023', true, 'APR: Online Distant Point Cloud Registration Through Aggregated Point Cloud Reconstruction', ['Quan Liu', 'Yunsong Zhou', 'Hongzi Zhu'], []],
  [112, undefined, 'cs.LG', '2022-02-14', 'Feb 14, 2022', true, 'SQuant: On-the-Fly Data-Free Quantization via Diagonal Hessian Approximation', ['Cong Guo', 'Yuxian Qiu', 'Jingwen Leng'], []],
  [115, 82.7, 'cs.LG', '2026-05-06', 'May 6', false, 'CuBridge: An LLM-Based Framework for Understanding and Reconstructing High-Performance Attention Kernels', ['Xing Ma', 'Yangjie Zhou', 'Wu Sun'], []],
  [118, 87.1, 'cs.AR', '2026-05-07', 'May 7', false, 'Accelerating MoE with Dynamic In-Switch Computing on Multi-GPUs', ['Qijun Zhang', 'Chen Zhang', 'Zhuoshan Zhou'], []],
  [121, undefined, 'cs.CV', '2024-03-07', 'Mar 7, 2024', false, 'Embodied Understanding of Driving Scenarios', ['Yunsong Zhou', 'Linyan Huang', 'Qingwen Bu'], []],
  [124, 76.3, 'cs.CR', '2026-05-06', 'May 6', false, 'On the (In-)Security of the Shuffling Defense in the Transformer Secure Inference', ['Zhengyi Li', 'Yakai Wang', 'Kang Yang'], []],
  [127, 94.1, 'cs.GT', '2026-04-01', 'Apr 1', false, 'Heterogeneous Mean Field Game Framework for LEO Satellite-Assisted V2X Networks', ['Kangkang Sun', 'Jianhua Li', 'Xiuzhen Chen'], []],
  [130, undefined, 'cs.LG', '2024-11-03', 'Nov 3, 2024', false, 'HOBBIT: A Mixed Precision Expert Offloading System for Fast MoE Inference', ['Peng Tang', 'Jiacheng Liu', 'Xiaofeng Hou'], []],
  [133, undefined, 'cs.CV', '2024-03-06', 'Mar 6, 2024', false, 'Extend Your Own Correspondences: Unsupervised Distant Point Cloud Registration by Progressive Distance Extension', ['Quan Liu', 'Hongzi Zhu', 'Zhenxi Wang'], []],
  [136, undefined, 'cs.CR', '2024-11-24', 'Nov 24, 2024', false, 'Nimbus: Secure and Efficient Two-Party Inference for Transformers', ['Zhengyi Li', 'Kang Yang', 'Jin Tan'], []],
  [139, undefined, 'cs.AR', '2024-01-14', 'Jan 14, 2024', false, 'Hierarchical Source-to-Post-Route QoR Prediction in High-Level Synthesis with GNNs', ['Mingzhe Gao', 'Jieru Zhao', 'Zhe Lin'], []],
  [142, undefined, 'cs.CV', '2025-05-21', 'May 21, 2025', false, 'LiveVLM: Efficient Online Video Understanding via Streaming-Oriented KV Cache and Retrieval', ['Zhenyu Ning', 'Guangda Liu', 'Qihao Jin'], []],
  [145, undefined, 'cs.DC', '2025-09-01', 'Sep 1, 2025', false, 'LiquidGEMM: Hardware-Efficient W4A8 GEMM Kernel for High-Performance LLM Serving', ['Huanqi Hu', 'Bowen Xiao', 'Shixuan Sun'], []],
  [148, undefined, 'cs.DC', '2024-03-24', 'Mar 24, 2024', false, 'A Codesign of Scheduling and Parallelization for Large Model Training in Heterogeneous Clusters', ['Chunyu Xue', 'Weihao Cui', 'Han Zhao'], []],
];

describe.skipIf(!existsSync(FILE))('the shared 50-paper listing file', () => {
  it('reads all 50 papers exactly, with nothing skipped', async () => {
    const { papers, skips } = await collect(FILE, { listingYear: 2026 });
    expect(skips).toEqual([]);
    expect(papers).toHaveLength(50);
    const actual = papers.map((p): Row => [
      p.source.line,
      p.score,
      p.categories?.[0] ?? '',
      p.date ?? '',
      p.dateRaw ?? '',
      p.hasCode === true,
      p.title,
      p.authors,
      p.orgs ?? [],
    ]);
    // One assertion per paper so that a failure names the record.
    for (let i = 0; i < EXPECTED.length; i++) expect(actual[i], `record at line ${EXPECTED[i][0]}`).toEqual(EXPECTED[i]);
    expect(papers.every((p) => p.extra?.authorsTruncated === true)).toBe(true);
    expect(papers.every((p) => p.categories?.length === 1 && p.source.format === 'listing')).toBe(true);
  });

  it('keeps every abstract and makes its LaTeX readable', async () => {
    const { papers } = await collect(FILE, { listingYear: 2026 });
    expect(papers.every((p) => p.abstract.length > 200 && !/\\[a-z]|\$\\/.test(p.abstract))).toBe(true);
    const ant = papers[1];
    expect(ant.abstract).toMatch(/^Quantization is a technique to reduce the computation/);
    expect(ant.abstract).toContain('results in 2.8× speedup and 2.5× energy efficiency');
    expect(ant.abstractRaw).toContain('2.8$\\times$ speedup');
    const codo = papers.find((p) => p.title.startsWith('CODO'));
    expect(codo?.abstract).toContain('CODO delivers 1.45× to 4.52×');
    const regretNet = papers.find((p) => p.title.startsWith('Privacy as Commodity'));
    expect(regretNet?.abstract).toContain('from O(N^2 log N) to O(N)');
    // an escaped dollar is a price and stays one
    expect(papers.some((p) => p.abstract.includes('a query cost of approximately $1, the adversary'))).toBe(true);
    // a range written with a tilde stays a range
    expect(papers.some((p) => p.abstract.includes('1.3x~90.1x'))).toBe(true);
  });

  it('gives each paper its own id, derived from title and abstract', async () => {
    const { papers } = await collect(FILE, { listingYear: 2026 });
    expect(new Set(papers.map((p) => p.id)).size).toBe(50);
    expect(papers.every((p) => /^h:[0-9a-f]{12}$/.test(p.id))).toBe(true);
  });
});
