import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SpeakerSelector, SpeechLevel, type Contender } from '../../../../src/main/media/mixer/speaker-selector.js';

const talk = (key: string, levelDb: number): Contender => ({ key, levelDb });

/** Runs `ticks` selections with the same contenders; returns the last speakers. */
function run(selector: SpeakerSelector, ticks: number, contenders: Contender[]): readonly string[] {
  let speakers: readonly string[] = [];
  for (let i = 0; i < ticks; i++) speakers = selector.select(contenders).speakers;
  return speakers;
}

describe('loudest-speaker selection', () => {
  test('talking members fill the places loudest first; silent ones are never selected', () => {
    const selector = new SpeakerSelector({ maxSpeakers: 2 });
    const first = selector.select([talk('quiet', -40), talk('silent', -90), talk('loud', -20), talk('mid', -30)]);
    assert.deepEqual(first.speakers, ['loud', 'mid']);
    assert.equal(first.changed, true);
    assert.equal(selector.select([talk('quiet', -40), talk('silent', -90), talk('loud', -20), talk('mid', -30)]).changed, false);
  });

  test('a member who is no longer a contender (muted, gone) leaves at once', () => {
    const selector = new SpeakerSelector({ maxSpeakers: 3 });
    run(selector, 5, [talk('a', -20), talk('b', -25)]);
    const selection = selector.select([talk('b', -25)]);
    assert.deepEqual(selection.speakers, ['b']);
    assert.equal(selection.changed, true);
  });

  test('hysteresis: a challenger louder by less than the margin never takes a place', () => {
    const selector = new SpeakerSelector({ maxSpeakers: 1, marginDb: 6, minTenureTicks: 10 });
    run(selector, 50, [talk('a', -25)]);
    assert.deepEqual(run(selector, 200, [talk('a', -25), talk('b', -21)]), ['a']);
  });

  test('hysteresis: a new speaker keeps its place for its minimum tenure, even against a louder voice', () => {
    const selector = new SpeakerSelector({ maxSpeakers: 1, marginDb: 6, minTenureTicks: 10 });
    selector.select([talk('a', -30)]);
    const speakers: string[] = [];
    for (let tick = 1; tick <= 12; tick++) speakers.push(selector.select([talk('a', -30), talk('b', -10)]).speakers.join());
    assert.deepEqual(speakers.slice(0, 9), Array(9).fill('a'), 'a holds its place for 10 ticks');
    assert.equal(speakers.at(-1), 'b', 'then the much louder b takes it');
  });

  test('two voices of about the same level do not flap', () => {
    const selector = new SpeakerSelector({ maxSpeakers: 1 });
    let changes = 0;
    for (let tick = 0; tick < 500; tick++) {
      const wobble = Math.sin(tick / 3) * 2;
      if (selector.select([talk('a', -25 + wobble), talk('b', -25 - wobble)]).changed) changes++;
    }
    assert.equal(changes, 1, 'one selection, then no flapping');
  });

  test('a speaker who stops talking stays selected over the hangover, then leaves', () => {
    const selector = new SpeakerSelector({ maxSpeakers: 2, hangoverTicks: 15 });
    run(selector, 5, [talk('a', -20)]);
    assert.deepEqual(run(selector, 15, [talk('a', -90)]), ['a'], 'still there 300 ms after the last word');
    assert.deepEqual(selector.select([talk('a', -90)]).speakers, []);
  });
});

describe('speech level', () => {
  test('follows a rising level at once and falls 2 dB a frame', () => {
    const level = new SpeechLevel();
    assert.equal(level.update(-20), -20, 'the first frame of an utterance counts');
    for (let i = 0; i < 10; i++) level.update(-100);
    assert.equal(level.levelDb, -40);
    assert.equal(level.update(-35), -35);
  });
});
