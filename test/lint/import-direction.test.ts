import { describe, test } from 'node:test';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { importDirection } from '../../scripts/eslint-rules/import-direction.mjs';
import { REPO_ROOT } from '../helpers/parley-process.js';

// RuleTester reports through describe/it; point it at node:test.
RuleTester.describe = describe;
RuleTester.it = test;
RuleTester.itOnly = test.only;

const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const at = (path: string): string => `${REPO_ROOT}/${path}`;
const options = [{ root: REPO_ROOT }];

tester.run('parley/import-direction', importDirection, {
  valid: [
    { name: 'a higher layer imports a lower one', filename: at('src/main/cli/cli.ts'), code: "import { x } from '../node/parley-node.js';", options },
    { name: 'sip/ua imports sip/dialog', filename: at('src/main/sip/ua/user-agent.ts'), code: "import { Dialog } from '../dialog/dialog.js';", options },
    { name: 'anything imports the shared contract', filename: at('src/main/api/api-service.ts'), code: "import { commands } from '../../shared/api-contract.js';", options },
    { name: 'the call layer joins SIP and SDP', filename: at('src/main/call/call.ts'), code: "import { createAnswer } from '../sdp/offer-answer.js'; import { UserAgent } from '../sip/ua/user-agent.js';", options },
    { name: 'PIDF and conference-info read XML through the xml layer', filename: at('src/main/conference/conference-info.ts'), code: "import { readXmlBody } from '../xml/xml-body.js';", options },
    { name: 'a module imports itself', filename: at('src/main/profile/profile.ts'), code: "import { readJsonFile } from './json-file.js';", options },
    { name: 'the renderer imports the contract and npm packages', filename: at('src/renderer/app.tsx'), code: "import { commands } from '../shared/api-contract.js'; import React from 'react';", options },
    { name: 'the preload imports electron', filename: at('src/preload/index.ts'), code: "import { contextBridge } from 'electron';", options },
    { name: 'the renderer build config runs in Node', filename: at('src/renderer/vite.config.ts'), code: "import { fileURLToPath } from 'node:url';", options },
  ],
  invalid: [
    { name: 'sip/message imports sip/transport', filename: at('src/main/sip/message/parser.ts'), code: "import { Transport } from '../transport/transport.js';", options, errors: [{ messageId: 'upward' }] },
    { name: 'sip/transaction imports sip/ua', filename: at('src/main/sip/transaction/invite-client-transaction.ts'), code: "import { UserAgent } from '../ua/user-agent.js';", options, errors: [{ messageId: 'upward' }] },
    { name: 'the SIP user agent reads SDP (offers pass through handlers)', filename: at('src/main/sip/ua/user-agent.ts'), code: "import { parseSdp } from '../../sdp/sdp-codec.js';", options, errors: [{ messageId: 'forbidden' }] },
    { name: 'media imports sip', filename: at('src/main/media/rtp-session.ts'), code: "import { parse } from '../sip/message/parser.js';", options, errors: [{ messageId: 'sideways' }] },
    { name: 'the XML reader imports presence', filename: at('src/main/xml/xml-body.ts'), code: "import { parsePidf } from '../presence/pidf.js';", options, errors: [{ messageId: 'upward' }] },
    { name: 'the profile imports the API', filename: at('src/main/profile/profile.ts'), code: "export { ApiService } from '../api/api-service.js';", options, errors: [{ messageId: 'upward' }] },
    { name: 'the shared contract imports main', filename: at('src/shared/api-contract.ts'), code: "import { ParleyError } from '../main/parley-error.js';", options, errors: [{ messageId: 'upward' }] },
    { name: 'the shared contract imports Node', filename: at('src/shared/api-contract.ts'), code: "import { readFile } from 'node:fs';", options, errors: [{ messageId: 'builtin' }] },
    { name: 'the renderer imports the core', filename: at('src/renderer/app.tsx'), code: "import { ParleyNode } from '../main/node/parley-node.js';", options, errors: [{ messageId: 'isolated' }] },
    { name: 'the renderer imports Node', filename: at('src/renderer/app.tsx'), code: "import fs from 'fs';", options, errors: [{ messageId: 'builtin' }] },
    { name: 'the renderer imports the core dynamically', filename: at('src/renderer/app.tsx'), code: "const m = import('../main/cli/cli.js');", options, errors: [{ messageId: 'isolated' }] },
    { name: 'the preload imports the core', filename: at('src/preload/index.ts'), code: "import { ApiService } from '../main/api/api-service.js';", options, errors: [{ messageId: 'isolated' }] },
  ],
});
