import type { Rule } from 'eslint';
export declare const importDirection: Rule.RuleModule;
declare const plugin: { rules: { 'import-direction': Rule.RuleModule } };
export default plugin;
