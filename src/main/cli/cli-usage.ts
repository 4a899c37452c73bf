/** The help text of every command, in one place. */
export const COMMAND_HELP = {
  serve: `Usage: parley serve [--data DIR] [--bootstrap HOST:PORT,...] [--ui HOST:PORT] [--sip HOST:PORT]
                    [--relay KEY] [--auto-answer] [--play FILE.wav] [--record FILE.wav] [--json]

Runs a Parley node: creates or loads the profile in DIR, joins the DHT, registers this device
under your address, and serves the UI and its API on a loopback port, printed as a URL that
carries a one-time access token. Calls to your address ring in the UI until answered.

  --data DIR             profile folder (default: the OS app-data folder, as the desktop app)
  --bootstrap LIST       private DHT bootstrap nodes, HOST:PORT separated by commas
                         (default: the public HyperDHT bootstrap)
  --ui HOST:PORT         where to serve the UI (default 127.0.0.1:7060; port 0 = any free port).
                         Only loopback is safe; another host exposes the node to your network.
  --sip HOST:PORT        also be an ordinary SIP phone on UDP and TCP at HOST:PORT (port 0 = any),
                         so plain SIP phones can call this node
  --relay KEY            a HyperDHT relay node (public key, 64 hex digits) for peers that
                         cannot hole-punch
  --auto-answer          answer every call, P2P and plain SIP (scripts and always-on nodes);
                         without it calls ring until the UI answers them
  --play FILE.wav        the microphone of each answered call: the file from its start (any rate
                         and channels; resampled), then silence
  --record FILE.wav      what you hear in each call, 48 kHz mono; numbered per call: FILE-1.wav,
                         FILE-2.wav… (the names are in the established and ended events)
                         Without --play/--record, auto-answered calls are silent and calls the UI
                         answers use the audio devices chosen in the settings.
  --json                 print one JSON object per line for each event: ready, network, and for
                         calls incoming, established, dtmf, device, ended (with a reason and the
                         call's audio statistics)
  -h, --help             show this help`,
  call: `Usage: parley call URI [--data DIR] [--bootstrap HOST:PORT,...] [--relay KEY] [--sip HOST:PORT]
                   [--play FILE.wav] [--record FILE.wav] [--duration S] [--dtmf DIGITS] [--json]

Places one call, plays a file into it (or uses the audio devices), records what it hears, and
hangs up at the end of the file or after --duration. Exits 0 if the call was established, 1 if
not. URI is a Parley address (sip:<identity>@parley.invalid, called peer to peer over the DHT
with this device's profile), a conference (sip:<key>@conference.parley.invalid: a Parley call to
its focus, found in the DHT) or a plain SIP phone (sip:user@IP:PORT[;transport=tcp]).

  --data DIR             Parley calls: the profile to call from (default: the OS app-data
                         folder; not one a running 'parley serve' holds)
  --bootstrap LIST       Parley calls: private DHT bootstrap nodes, HOST:PORT separated by commas
  --relay KEY            Parley calls: a HyperDHT relay node (public key, 64 hex digits)
  --sip HOST:PORT        plain SIP calls: where to listen for SIP and media (default: the local
                         address towards URI's host, any free port)
  --play FILE.wav        the microphone: any WAV rate and channels, resampled; the call ends
                         when it has played, unless --duration is given
  --record FILE.wav      what you hear, 48 kHz mono
                         With neither, the default microphone and loudspeaker are used; with no
                         audio devices the command says so and exits 1.
  --duration S           hang up after S seconds (decimals allowed)
  --dtmf DIGITS          send these DTMF digits (0-9 * # A-D, RFC 4733) a second after answer
  --json                 print one JSON object per line for each event: joining, calling, lookup,
                         connecting (Parley calls), ringing, established, dtmf (sent and
                         received), ended (with reason and statistics); each with its time "at"
  -h, --help             show this help`,
  conference: `Usage: parley conference [--data DIR] [--bootstrap HOST:PORT,...] [--relay KEY] [--sip HOST:PORT]
                         [--subject TEXT] [--play FILE.wav] [--record FILE.wav] [--json]

Hosts a conference from this profile's node, headless, and prints its URI
(sip:<conference key>@conference.parley.invalid). Others join with 'parley call URI' or from
the app; the node is the conference's focus and mixes everyone. The profile keeps the
conference key: run it again and it hosts the same URI. Stopping it (Ctrl-C) ends the
conference for everyone.

  --data DIR             profile folder (default: the OS app-data folder; not one a running
                         'parley serve' holds)
  --bootstrap LIST       private DHT bootstrap nodes, HOST:PORT separated by commas
  --relay KEY            a HyperDHT relay node (public key, 64 hex digits)
  --sip HOST:PORT        also take plain SIP phones on UDP and TCP at HOST:PORT (port 0 = any): a
                         phone dials sip:<conference key>@HOST:PORT (printed as "Plain SIP")
  --subject TEXT         the conference's subject (default: "<your name>'s conference"); a new
                         subject hosts a new conference with a new URI
  --play FILE.wav        take part yourself: the file is your microphone (then silence)
  --record FILE.wav      take part yourself: what you hear in the conference, 48 kHz mono
                         With neither, the node only hosts.
  --json                 print one JSON object per line for each event: joining, conference (with
                         "uri", and "sip" with --sip), joined and left (each member), stopped
  -h, --help             show this help`,
  identity: `Usage: parley identity export [--data DIR] [--passphrase-file FILE] [--json]
       parley identity import CODE [--data DIR] [--passphrase-file FILE] [--replace] [--json]

Moves your identity to a second device. 'export' prints a code: your identity's secret sealed
under a passphrase. 'import' on the other device's profile makes it a device of that identity;
when its node starts, it joins the identity's device list, and calls to your address ring on
both devices. The passphrase is the first line of FILE, or of stdin when it is a pipe (at least
8 characters); never give it on the command line.

  --data DIR             profile folder (default: the OS app-data folder)
  --passphrase-file FILE read the passphrase from FILE
  --replace              import even if this profile has another identity (the old one is kept
                         as identity.json.replaced-<time>, never deleted)
  --json                 print {"event":"identityExported","code":...} or identityImported
  -h, --help             show this help`,
  whoami: `Usage: parley whoami [--data DIR] [--json]

Prints the profile's SIP URI (its address-of-record), creating the profile on first use.

  --data DIR             profile folder (default: the OS app-data folder)
  --json                 print {"event":"identity","uri":...} instead of the bare URI
  -h, --help             show this help`,
  bootstrap: `Usage: parley bootstrap [--host H] [--port P] [--nodes N] [--json]

Runs a private DHT: a bootstrap node and N persistent nodes. Prints HOST:PORT, the value
for --bootstrap on the nodes that should use it. Stops on Ctrl-C.

  --host H               address to bind and advertise, IPv4 (default 127.0.0.1)
  --port P               bootstrap UDP port (default 49737; 0 = any free port)
  --nodes N              persistent nodes besides the bootstrap node (default 4, at most 64)
  --json                 print {"event":"ready","bootstrap":"HOST:PORT",...}
  -h, --help             show this help`,
  demo: `Usage: parley demo [--data DIR] [--ui HOST:PORT] [--no-open] [--json]

The first thing to run: starts a private DHT on loopback, your own node on it, and the UI,
printed as a URL and opened in your browser when one is available. Two buddies come with it:
Echo (call it: it plays you back a second later) and a Conference room where two bots talk
(call it to join). Stops on Ctrl-C.

  --data DIR             profile folder (default: the OS app-data folder)
  --ui HOST:PORT         where to serve the UI (default 127.0.0.1:7060, or a free port if taken)
  --no-open              print the URL but do not open a browser
  --json                 print one JSON object per line for each event
  -h, --help             show this help`,
} as const;

export type CommandName = keyof typeof COMMAND_HELP;

export const MAIN_HELP = `Usage: parley <command> [options]

Parley is a peer-to-peer softphone: calls, voicemail and conferences with no SIP server.

Commands:
  demo        start a private network, your node and the UI (the first thing to run)
  serve       run a node and serve its UI and API on a loopback port
  call        place one call: to a Parley address, a conference or a plain SIP phone
  conference  host a conference headless and print its URI
  whoami      print your SIP URI
  identity    export your identity, or import it on a second device
  bootstrap   run a private DHT for --bootstrap

Run 'parley <command> --help' for a command's options, 'parley --version' for the version.
Exit codes: 0 success, 1 the operation failed (reason on stderr), 2 bad usage.`;
