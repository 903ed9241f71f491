import * as nodeModule from 'node:module';

/** The root of this Tributary installation (runtime/plugins/ is two levels below it). */
const RUNTIME_ROOT = new URL('../../', import.meta.url);

let installed = false;

/**
 * Makes `tributary` and `tributary/<path>` imports of plugin packages resolve to this runtime's
 * own files, wherever the package lives. The plugin then extends the very SourceConnector and
 * Struct classes the worker checks against (Kafka gets the same from loading
 * org.apache.kafka.connect.* parent-first), and a copy of Tributary that npm may have put into the
 * plugin's node_modules as a peer dependency is never used.
 *
 * Uses node:module registerHooks (in-thread, synchronous; Node ≥ 22.15). Returns false where
 * hooks are unavailable or refused (Jest links modules itself and throws; its tests give plugins
 * a node_modules/tributary link instead).
 */
export function installSpiResolution(): boolean {
  if (installed) return true;
  const register = (nodeModule as { registerHooks?: typeof nodeModule.registerHooks }).registerHooks;
  if (typeof register !== 'function') return false;
  try {
    register({
      resolve(specifier, context, nextResolve) {
        const target = runtimeUrlFor(specifier);
        return target === null ? nextResolve(specifier, context) : { url: target, shortCircuit: true };
      },
    });
  } catch {
    // Sandboxed loaders (Jest) refuse hooks; plugins then resolve `tributary` the ordinary way.
    return false;
  }
  installed = true;
  return true;
}

/** `tributary` → runtime/api/index.ts, `tributary/<path>` → <root>/<path>; anything else: null. */
export function runtimeUrlFor(specifier: string): string | null {
  if (specifier === 'tributary') return new URL('runtime/api/index.ts', RUNTIME_ROOT).href;
  if (!specifier.startsWith('tributary/')) return null;
  const path = specifier.slice('tributary/'.length);
  if (path === '' || path.split('/').includes('..')) return null;
  return new URL(path, RUNTIME_ROOT).href;
}
