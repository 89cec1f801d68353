/** The mapping engine's public surface (issue 4); see docs/mapping.md for the language. */
export { checkMapping, compileMapping, MappingInvalidError, type CheckResult, type CompileOptions } from './compile.js';
export {
  CompiledMapping,
  formatRecordProblem,
  groupWho,
  userWho,
  type Explained,
  type RuleInfo,
} from './compiled-mapping.js';
export type { AttributeTrace } from './build-body.js';
export { diffMappings, formatMappingDiff, type MappingDiff, type SectionDiff } from './diff.js';
export { mappingJsonSchema } from './json-schema.js';
export { checkMappingFile, loadMapping, readMappingFile, type LoadOptions } from './load.js';
export {
  formatPreview,
  previewGroupRecord,
  previewUser,
  previewUserRecord,
  recordFromJson,
  type PreviewReport,
  type UserPreview,
} from './preview.js';
export { MappingStore, type MappingLoadError, type MappingStatus, type MappingStoreOptions, type ReloadOutcome } from './store.js';
export { TRANSFORMS } from './transforms.js';
