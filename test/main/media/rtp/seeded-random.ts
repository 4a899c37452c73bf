export { seededRandom } from '../../../../src/main/seeded-random.js';
