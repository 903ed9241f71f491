// Transform tests as data: the runner and the CLI entry point.
export { runTransformTest, runTransformTestFile, transformsTestCommand, type TransformTestFile, type TransformTestCase } from './runner.ts';
export { buildChain, applyChain, type ChainStep } from './chain.ts';
export type { RecordJson, HeaderJson } from './record-json.ts';
