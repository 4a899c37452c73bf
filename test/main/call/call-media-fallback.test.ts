import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CallMedia } from '../../../src/main/call/call-media.js';
import { MediaWorkerHost } from '../../../src/main/media/index.js';

/**
 * A call whose devices cannot be opened goes on in silence and says which device failed (the
 * call layer's promise; the media worker refuses with MEDIA_DEVICE_UNAVAILABLE). An ALSA with no
 * configuration has no device on any machine (and its driver aborts the media process when a
 * stream is opened: measured), so the test holds everywhere.
 */
describe('a call’s media without a usable sound card', () => {
  let host: MediaWorkerHost;
  const saved = process.env['ALSA_CONFIG_PATH'];
  before(() => {
    process.env['ALSA_CONFIG_PATH'] = '/nonexistent/alsa.conf';
    host = new MediaWorkerHost({ isolation: 'process' });
  });
  after(async () => {
    await host.close();
    if (saved === undefined) delete process.env['ALSA_CONFIG_PATH'];
    else process.env['ALSA_CONFIG_PATH'] = saved;
  });

  test('is made without the devices, silent, and names both as unavailable with a reason, even when the driver crashes', async () => {
    const plan = { source: { kind: 'device' as const }, sink: { kind: 'device' as const, name: 'Headset' }, endCallWhenSourceEnds: false };
    const media = await CallMedia.create(host, 'nocard', plan, { kind: 'udp', host: '127.0.0.1' }, { codec: { encodingName: 'PCMU', payloadType: 0, clockRate: 8000 } });
    try {
      assert.ok(media.port > 0, 'the session exists and listens');
      const unavailable = media.unavailableDevices.map(({ direction, from, to, reason }) => ({ direction, from, to, explained: reason.length > 0 }));
      assert.deepEqual(unavailable, [
        { direction: 'input', from: 'default', to: undefined, explained: true },
        { direction: 'output', from: 'Headset', to: undefined, explained: true },
      ]);
    } finally {
      await media.close();
    }
  });
});
