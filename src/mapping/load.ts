import { readFileSync } from 'node:fs';
import { OisyncError } from '../domain/errors.js';
import { checkMapping, compileMapping, type CheckResult, type CompileOptions } from './compile.js';
import type { CompiledMapping } from './compiled-mapping.js';

export type LoadOptions = Omit<CompileOptions, 'file'>;

/** The text of a mapping file, or MAPPING_NOT_FOUND naming the path and the reason. */
export function readMappingFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new OisyncError('MAPPING_NOT_FOUND', `mapping file ${path} cannot be read (${code}); check the mapping key of the config`, {
      cause: err,
      details: { file: path },
    });
  }
}

/** Read and compile a mapping file; throws MAPPING_NOT_FOUND or MappingInvalidError (MAPPING_INVALID). */
export function loadMapping(path: string, opts: LoadOptions = {}): CompiledMapping {
  return compileMapping(readMappingFile(path), { ...opts, file: path });
}

/** Read and compile without throwing on mapping problems (an unreadable file still throws). */
export function checkMappingFile(path: string, opts: LoadOptions = {}): CheckResult {
  return checkMapping(readMappingFile(path), { ...opts, file: path });
}
