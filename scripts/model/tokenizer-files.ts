/**
 * Tokenizer and config files in the layout transformers.js loads: the tiny model's own WordPiece
 * vocabulary, or a real BERT tokenizer's files copied unchanged.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { BertShape } from './bert-graph.js';
import { writeFileAtomic, writeJson } from './files.js';
import { TINY_SHAPE } from './random-weights.js';

const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const SPECIAL_TOKENS_MAP = {
  cls_token: '[CLS]',
  mask_token: '[MASK]',
  pad_token: '[PAD]',
  sep_token: '[SEP]',
  unk_token: '[UNK]',
};

/**
 * The tiny model's WordPiece vocabulary: special tokens (ids 0-4), every single character a lower-cased,
 * accent-stripped abstract is likely to hold (so unknown words fall back to characters, not [UNK]), `##`
 * continuations of letters and digits, common suffixes, and frequent words of arXiv abstracts so that
 * typical text tokenizes into words.
 */
function buildTinyVocab(): string[] {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const digits = '0123456789';
  const greek = 'αβγδεζηθικλμνξοπρστυφχψω';
  const punctuation = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~' + '–—‘’“”•…×±≤≥≈∼→←↔·°§√∞∈∑∂∇';
  const suffixes = [
    's', 'es', 'ed', 'ing', 'er', 'ers', 'est', 'ly', 'al', 'ally', 'ation', 'ations', 'tion', 'tions', 'ion',
    'ions', 'ity', 'ities', 'ive', 'ment', 'ments', 'ness', 'able', 'ible', 'ize', 'ized', 'izes', 'izing',
    'ization', 'ic', 'ical', 'ics', 'ism', 'ist', 'ists', 'ure', 'ance', 'ence', 'ant', 'ent', 'ous', 'ful',
    'less', 'ship', 'based', 'like', 'wise', 'net', 'former', 'formers', 'gan', 'bert', 'gpt', 'vit',
  ];

  const vocab = new Set<string>(SPECIAL_TOKENS);
  for (const c of punctuation + digits + letters + greek) vocab.add(c);
  for (const c of digits + letters + greek) vocab.add(`##${c}`);
  for (const suffix of suffixes) vocab.add(`##${suffix}`);
  for (const word of commonWords()) vocab.add(word);
  return [...vocab];
}

/** HF tokenizers JSON for a lower-casing BERT WordPiece tokenizer (the structure of bert-base-uncased's). */
function bertTokenizerJson(vocab: string[]) {
  const ids = new Map(vocab.map((token, i) => [token, i]));
  const idOf = (token: string): number => {
    const id = ids.get(token);
    if (id === undefined) throw new Error(`token ${token} missing from the vocabulary`);
    return id;
  };
  const special = (id: string, typeId: number) => ({ SpecialToken: { id, type_id: typeId } });
  const sequence = (id: string, typeId: number) => ({ Sequence: { id, type_id: typeId } });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content) => ({
      id: idOf(content),
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), sequence('A', 0), special('[SEP]', 0), sequence('B', 1), special('[SEP]', 1)],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [idOf('[CLS]')], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [idOf('[SEP]')], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(ids),
    },
  };
}

function bertConfigJson(id: string, s: BertShape) {
  return {
    _name_or_path: id,
    architectures: ['BertModel'],
    attention_probs_dropout_prob: 0.1,
    classifier_dropout: null,
    hidden_act: 'gelu',
    hidden_dropout_prob: 0.1,
    hidden_size: s.hidden,
    initializer_range: 0.02,
    intermediate_size: s.intermediate,
    layer_norm_eps: s.layerNormEps,
    max_position_embeddings: s.maxPositions,
    model_type: 'bert',
    num_attention_heads: s.heads,
    num_hidden_layers: s.layers,
    pad_token_id: s.padTokenId,
    position_embedding_type: 'absolute',
    transformers_version: '4.29.2',
    type_vocab_size: s.typeVocabSize,
    use_cache: true,
    vocab_size: s.vocabSize,
  };
}

/** The tiny model's tokenizer.json, for test models that share its vocabulary (the tiny static model). */
export function tinyTokenizerJson(): { vocabSize: number; json: ReturnType<typeof bertTokenizerJson> } {
  const vocab = buildTinyVocab();
  return { vocabSize: vocab.length, json: bertTokenizerJson(vocab) };
}

export async function writeTinyTokenizer(modelDir: string, id: string): Promise<BertShape> {
  const vocab = buildTinyVocab();
  const shape: BertShape = { ...TINY_SHAPE, vocabSize: vocab.length };
  const tokenizerConfig = {
    clean_up_tokenization_spaces: true,
    cls_token: '[CLS]',
    do_basic_tokenize: true,
    do_lower_case: true,
    mask_token: '[MASK]',
    model_max_length: 512,
    never_split: null,
    pad_token: '[PAD]',
    sep_token: '[SEP]',
    strip_accents: null,
    tokenize_chinese_chars: true,
    tokenizer_class: 'BertTokenizer',
    unk_token: '[UNK]',
  };
  await writeJson(path.join(modelDir, 'config.json'), bertConfigJson(id, shape));
  await writeJson(path.join(modelDir, 'tokenizer.json'), bertTokenizerJson(vocab));
  await writeJson(path.join(modelDir, 'tokenizer_config.json'), tokenizerConfig);
  await writeJson(path.join(modelDir, 'special_tokens_map.json'), SPECIAL_TOKENS_MAP);
  await writeFileAtomic(path.join(modelDir, 'vocab.txt'), vocab.join('\n') + '\n');
  return shape;
}

export const REAL_TOKENIZER_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

/** Checks the real tokenizer directory and reads the model shape from its config.json. */
export async function readRealModelShape(srcDir: string): Promise<BertShape> {
  const missing = REAL_TOKENIZER_FILES.filter((f) => !fs.existsSync(path.join(srcDir, f)));
  if (missing.length > 0) {
    throw new Error(
      `A real BERT model needs its tokenizer and config files in ${srcDir} (missing: ${missing.join(', ')}); ` +
        `a usable directory holds ${REAL_TOKENIZER_FILES.join(', ')}.`,
    );
  }
  const config = JSON.parse(await fs.promises.readFile(path.join(srcDir, 'config.json'), 'utf8')) as Record<string, unknown>;
  const num = (key: string, fallback?: number): number => {
    const v = config[key] ?? fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${srcDir}/config.json: "${key}" is not a number`);
    return v;
  };
  if (config.model_type !== 'bert') throw new Error(`${srcDir}/config.json: model_type is "${String(config.model_type)}", expected "bert"`);
  const shape: BertShape = {
    vocabSize: num('vocab_size'),
    hidden: num('hidden_size'),
    layers: num('num_hidden_layers'),
    heads: num('num_attention_heads'),
    intermediate: num('intermediate_size'),
    maxPositions: num('max_position_embeddings'),
    typeVocabSize: num('type_vocab_size', 2),
    layerNormEps: num('layer_norm_eps', 1e-12),
    padTokenId: num('pad_token_id', 0),
  };
  if (shape.hidden % shape.heads !== 0) throw new Error(`${srcDir}/config.json: hidden_size is not a multiple of num_attention_heads`);
  const vocabLines = (await fs.promises.readFile(path.join(srcDir, 'vocab.txt'), 'utf8')).split('\n').filter((l) => l !== '').length;
  if (vocabLines !== shape.vocabSize) {
    throw new Error(`${srcDir}: vocab.txt has ${vocabLines} tokens but config.json says vocab_size ${shape.vocabSize}`);
  }
  return shape;
}

/** Copies the real tokenizer and config files unchanged (their model_max_length, truncation, ... included). */
export async function copyRealTokenizer(srcDir: string, modelDir: string, shape: BertShape): Promise<BertShape> {
  for (const f of REAL_TOKENIZER_FILES) {
    await writeFileAtomic(path.join(modelDir, f), await fs.promises.readFile(path.join(srcDir, f)));
  }
  return shape;
}

/**
 * The 2,000 most frequent words (of length > 1) in the titles and abstracts of 20,000 arXiv CS papers
 * (../shared/data/arxiv, CC0) that are also whole words in BERT's uncased vocabulary; ~78% of word
 * occurrences there. They make the tiny vocabulary tokenize abstracts mostly into words.
 */
function commonWords(): string[] {
  const text = fs.readFileSync(new URL('./common-words.txt', import.meta.url), 'utf8');
  return text.split(/\s+/).filter((w) => w !== '');
}
