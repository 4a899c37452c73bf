// ESLint rule `parley/import-direction`: fails the lint when a lower layer imports a higher
// one (see layers.mjs), when the renderer or preload imports anything outside itself and
// src/shared, or when those (or src/shared) import a Node built-in.
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { forbiddenReason, isolatedOf, layerOf } from './layers.mjs';

const BUILTINS = new Set(builtinModules);

function isNodeBuiltin(specifier) {
  return specifier.startsWith('node:') || BUILTINS.has(specifier.split('/')[0]);
}

/** @type {import('eslint').Rule.RuleModule} */
export const importDirection = {
  meta: {
    type: 'problem',
    docs: { description: 'imports follow the layer order of docs/architecture.md' },
    schema: [{ type: 'object', properties: { root: { type: 'string' } }, additionalProperties: false }],
    messages: {
      upward: "{{from}} (layer {{fromRank}}) must not import {{to}} (layer {{toRank}}): dependencies point down (docs/architecture.md).",
      sideways: '{{from}} must not import {{to}}: modules of the same layer stay independent (docs/architecture.md).',
      forbidden: '{{from}} must not import {{to}}: {{why}} (docs/architecture.md).',
      isolated: '{{from}} may import only {{allowed}} and npm packages, not {{target}}.',
      builtin: "{{from}} does not run in Node: it must not import '{{target}}'.",
    },
  },
  create(context) {
    const root = context.options[0]?.root ?? context.cwd;
    const file = relative(root, context.filename).split('\\').join('/');
    const layer = layerOf(file);
    const isolated = isolatedOf(file);
    const pure = file.startsWith('src/shared/');
    if (!layer && !isolated) return {};

    function check(node, specifier) {
      if (typeof specifier !== 'string') return;
      if (!specifier.startsWith('.')) {
        if ((isolated && !isolated.nodeBuiltins) || pure) {
          if (isNodeBuiltin(specifier)) context.report({ node, messageId: 'builtin', data: { from: file, target: specifier } });
        }
        return;
      }
      const target = relative(root, resolve(dirname(context.filename), specifier)).split('\\').join('/');
      if (isolated) {
        if (!isolated.mayImport.some((prefix) => target.startsWith(prefix))) {
          context.report({ node, messageId: 'isolated', data: { from: file, target, allowed: isolated.mayImport.join(', ') } });
        }
        return;
      }
      const to = layerOf(target);
      if (!to || to.module === layer.module) return;
      const why = forbiddenReason(layer.module, to.module);
      if (why) {
        context.report({ node, messageId: 'forbidden', data: { from: layer.module, to: to.module, why } });
        return;
      }
      if (to.rank > layer.rank) {
        context.report({ node, messageId: 'upward', data: { from: layer.module, fromRank: layer.rank, to: to.module, toRank: to.rank } });
      } else if (to.rank === layer.rank) {
        context.report({ node, messageId: 'sideways', data: { from: layer.module, to: to.module } });
      }
    }

    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
      TSImportType: (node) => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal && literal.type === 'Literal') check(node, literal.value);
      },
    };
  },
};

export default { rules: { 'import-direction': importDirection } };
