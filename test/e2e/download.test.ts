/**
 * The model download path, end to end: a local stand-in for the Hugging Face hub (reached through
 * HF_ENDPOINT, as a mirror would be) serves the tiny test model in the hub's URL layout, and the CLI
 * fetches it with the real transformers.js download code into an empty models folder.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IngestSummary, SearchResponse } from '../../src/api.js';
import { requiredModelFiles, STATIC_MODEL_FILES } from '../../src/embed/model-files.js';
import { json, runCli, tempDir } from '../helpers/cli.js';
import { SAMPLE_CORPUS, TEST_MODELS_DIR, TINY_MODEL_ID, TINY_STATIC_ID } from '../helpers/paths.js';

let hub: Server;
let hubUrl: string;
const requested: string[] = [];
/** Every Authorization header the stand-in hub was sent. */
const authorizations: string[] = [];
let tmp: ReturnType<typeof tempDir>;

/** A repository with the tiny model's config and tokenizer but no ONNX weights, as PyTorch-only models are. */
const NO_ONNX_MODEL = 'paperscope-test/no-onnx';
/** A repository whose weights download is cut off after the first megabyte, as a dropped connection does. */
const CUT_MODEL = 'paperscope-test/cut-off';
/** A gated repository: the tiny model, served only with this token, 401 otherwise (as the hub does). No
 * token ever arrives here, since paperscope sends HF_TOKEN to huggingface.co only: so it is always 401. */
const GATED_MODEL = 'paperscope-test/gated';
const GATED_TOKEN = 'hf_test_token_123';

/** Serves `<TEST_MODELS_DIR>/<owner>/<name>/<file>` at `/<owner>/<name>/resolve/main/<file>`, 404 otherwise. */
function startHub(): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://hub').pathname);
    requested.push(path);
    if (req.headers.authorization) authorizations.push(req.headers.authorization);
    const match = /^\/([^/]+\/[^/]+)\/resolve\/main\/(.+)$/.exec(path);
    if (match?.[1] === GATED_MODEL && req.headers.authorization !== `Bearer ${GATED_TOKEN}`) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Access to model paperscope-test/gated is restricted.');
      return;
    }
    const served = (match?.[1] === NO_ONNX_MODEL && !match[2].startsWith('onnx/')) || match?.[1] === GATED_MODEL || match?.[1] === CUT_MODEL ? TINY_MODEL_ID : match?.[1];
    const file = match && served ? resolve(TEST_MODELS_DIR, served, match[2]) : '';
    if (!match || !file.startsWith(TEST_MODELS_DIR + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Entry not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    if (match[1] === CUT_MODEL && match[2].startsWith('onnx/') && req.method === 'GET' && !req.headers.range) {
      res.write(readFileSync(file).subarray(0, 1000));
      setTimeout(() => res.destroy(), 100);
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

/** The CLI online, downloading from `endpoint` into `modelsDir`. */
const online = (endpoint: string) => ({ env: { PAPERSCOPE_OFFLINE: '0', HF_ENDPOINT: endpoint } });

beforeAll(async () => {
  tmp = tempDir('paperscope-download-');
  hub = await startHub();
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((done) => hub.close(done));
  tmp.cleanup();
});

describe('downloading a model', () => {
  it('fetches a missing model from the hub into the models folder, and later runs need no network', async () => {
    const models = join(tmp.path, 'models');
    const index = join(tmp.path, 'index');
    const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_MODEL_ID, '--models', models, '--json'], online(hubUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(json<IngestSummary>(r)).toMatchObject({ new: 26, embedded: 26, papersInIndex: 26 });
    // Every file the model needs arrived whole, where paperscope looks for it.
    for (const file of requiredModelFiles('q8')) {
      const got = join(models, ...TINY_MODEL_ID.split('/'), file);
      expect(existsSync(got), file).toBe(true);
      expect(readFileSync(got).equals(readFileSync(join(TEST_MODELS_DIR, ...TINY_MODEL_ID.split('/'), file))), file).toBe(true);
      expect(requested).toContain(`/${TINY_MODEL_ID}/resolve/main/${file}`);
    }
    // The default dtype only: the fp32 weights were not fetched.
    expect(requested).not.toContain(`/${TINY_MODEL_ID}/resolve/main/onnx/model.onnx`);
    const before = requested.length;
    const search = await runCli(['search', 'protein structure', '--index', index, '--models', models, '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect(json<SearchResponse>(search).hits.length).toBeGreaterThan(0);
    expect(requested.length).toBe(before);
  });

  it('fetches a static (model2vec) model by its hub id, the same way, and searches with it offline', async () => {
    const models = join(tmp.path, 'models-static');
    const index = join(tmp.path, 'index-static');
    const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', index, '--model', TINY_STATIC_ID, '--models', models, '--json'], online(hubUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(json<IngestSummary>(r)).toMatchObject({ new: 26, embedded: 26, papersInIndex: 26 });
    for (const file of STATIC_MODEL_FILES) {
      const got = join(models, ...TINY_STATIC_ID.split('/'), file);
      expect(readFileSync(got).equals(readFileSync(join(TEST_MODELS_DIR, ...TINY_STATIC_ID.split('/'), file))), file).toBe(true);
    }
    // No transformers.js files were asked for: a static model has none.
    expect(requested.filter((p) => p.startsWith(`/${TINY_STATIC_ID}/`) && /onnx|tokenizer_config/.test(p))).toEqual([]);
    const before = requested.length;
    const search = await runCli(['search', 'protein structure', '--index', index, '--models', models, '--mode', 'dense', '--json']);
    expect(search.code, search.stderr).toBe(0);
    expect(json<SearchResponse>(search).hits.length).toBeGreaterThan(0);
    expect(requested.length).toBe(before);
  });

  it('removes the part file an interrupted download left behind, and keeps one still being written', async () => {
    const models = join(tmp.path, 'models-interrupted');
    const onnxDir = join(models, ...TINY_MODEL_ID.split('/'), 'onnx');
    mkdirSync(onnxDir, { recursive: true });
    const deadPid = spawnSync(process.execPath, ['-e', '']).pid;
    const abandoned = join(onnxDir, `model_quantized.onnx.tmp.${deadPid}.k3j2h1`);
    const live = join(onnxDir, `model_quantized.onnx.tmp.${process.pid}.a1b2c3`);
    writeFileSync(abandoned, 'half a model');
    writeFileSync(live, 'another download in progress');
    const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', join(tmp.path, 'ix-interrupted'), '--model', TINY_MODEL_ID, '--models', models], online(hubUrl));
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(abandoned)).toBe(false);
    expect(existsSync(live)).toBe(true);
    expect(existsSync(join(onnxDir, 'model_quantized.onnx'))).toBe(true);
  });

  it('a model the hub does not have is one clear line, and leaves no model files behind', async () => {
    const models = join(tmp.path, 'models-missing');
    const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', join(tmp.path, 'ix-missing'), '--model', 'paperscope-test/no-such-model', '--models', models], online(hubUrl));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`model paperscope-test/no-such-model \\(q8\\) was not found at ${hubUrl.replace(/\./g, '\\.')} \\(HTTP 404\\)`));
    expect(r.stderr).toMatch(/check the model id/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const dir = join(models, 'paperscope-test', 'no-such-model');
    const left = existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String) : [];
    expect(left.filter((f) => f.endsWith('.onnx'))).toEqual([]);
  });

  it('never sends HF_TOKEN to a mirror, and says so when a model there is gated', async () => {
    const args = ['ingest', SAMPLE_CORPUS, '--index', join(tmp.path, 'ix-gated'), '--model', GATED_MODEL, '--models', join(tmp.path, 'models-gated')];
    const r = await runCli(args, { env: { ...online(hubUrl).env, HF_TOKEN: GATED_TOKEN } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/model paperscope-test\/gated \(q8\) was not found at .* \(HTTP 401\)\n.*a mirror gets no HF_TOKEN/);
    expect(authorizations).toEqual([]);
  });

  it('a download cut off midway says to run again, and leaves no partial model file', async () => {
    const models = join(tmp.path, 'models-cut');
    const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', join(tmp.path, 'ix-cut'), '--model', CUT_MODEL, '--models', models], online(hubUrl));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/the download of model paperscope-test\/cut-off \(q8\) from 127\.0\.0\.1:\d+ was cut off.*\n.*run the command again/);
    const onnxDir = join(models, 'paperscope-test', 'cut-off', 'onnx');
    expect(existsSync(onnxDir) ? readdirSync(onnxDir) : []).toEqual([]); // neither the model nor a part of it
  });

  it('a repository without ONNX weights is one clear line', async () => {
    const r = await runCli(['ingest', SAMPLE_CORPUS, '--index', join(tmp.path, 'ix-no-onnx'), '--model', NO_ONNX_MODEL, '--models', join(tmp.path, 'models-no-onnx')], online(hubUrl));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/model paperscope-test\/no-onnx has no onnx\/model_quantized\.onnx at http:\/\/127\.0\.0\.1:\d+, so it cannot run with --dtype q8\n.*try --dtype fp32, or choose a repository with ONNX weights/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('an unreachable hub is one line that says how to get the files by hand', async () => {
    const closed = await startHub();
    const port = (closed.address() as AddressInfo).port;
    await new Promise((done) => closed.close(done));
    const models = join(tmp.path, 'models-unreachable');
    const r = await runCli(['search', 'anything', '--index', join(tmp.path, 'index'), '--models', models], online(`http://127.0.0.1:${port}`));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot download model ${TINY_MODEL_ID} \\(q8\\): 127\\.0\\.0\\.1:${port} is unreachable`));
    expect(r.stderr).toMatch(/copy config\.json, tokenizer\.json, tokenizer_config\.json and the onnx\/ files from http:\/\/127\.0\.0\.1/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
