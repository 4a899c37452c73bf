// The media engine as the call layer uses it: a worker host (thread or process) with typed
// requests and events, and the in-thread session core with its audio sources and sinks (tests, tools).
export { ENGINE_FRAME_SAMPLES, ENGINE_SAMPLE_RATE, MemorySink, NullSink, SilenceSource, ToneSource, type AudioSink, type AudioSource } from './session/audio-io.js';
export { MEDIA_DIRECTIONS, type MediaDirection, type MediaSessionConfig, type NegotiatedCodec } from './session/media-session-config.js';
export { MediaSessionCore, type MediaLevels, type MediaReceiveCounters, type MediaSessionCoreEvents, type MediaSessionCoreOptions } from './session/media-session-core.js';
export { isMediaSessionError, MediaSessionError, type MediaSessionErrorCode } from './session/media-session-error.js';
export { RtpUdpTransport, type MediaTransport, type RtpUdpTransportOptions, type UdpAddress } from './session/rtp-udp-transport.js';
export { WavFileRecorder } from './session/wav-file-recorder.js';
export { WavFileSource } from './session/wav-file-source.js';
export { MediaWorkerHost, type MediaWorkerHostOptions } from './worker/media-worker-host.js';
export { ConferenceMixers, type ConferenceMixersEvents, type ConferenceMixersOptions, type ConferenceOpenOptions } from './mixer/conference-mixers.js';
export type { MixMode } from './mixer/conference-mix.js';
export type { LaunchedMediaProcess, MediaProcessLauncher, MediaWorkerIsolation } from './worker/media-worker-channel.js';
export type { AudioSinkSpec, AudioSourceSpec, CreatedSession, MediaWorkerEvents, SessionClosedReason, SessionOptions } from './worker/media-worker-protocol.js';
export type { AudioDevice, AudioDirection } from './devices/audio-device-list.js';
export type { DeviceSwitchOutcome } from './devices/device-stream-keeper.js';
export type { CallStatistics } from './rtcp/call-statistics.js';
