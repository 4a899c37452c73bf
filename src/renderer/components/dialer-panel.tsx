import { useEffect, useRef, type FormEvent } from 'react';
import type { DialState } from '../state/app-state.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { BusyButton } from './busy-button.js';
import { Icon } from './icon.js';
import { SipAddressInput } from './text-input.js';

type Props = {
  dial: DialState;
  onAddressChange(uri: string): void;
  /** Places a call to what is in the field; progress and refusal come back in `dial`. */
  onPlaceCall(uri: string): void;
  /** Who the call in progress is with (placing another puts it on hold), or null. */
  activeCallLabel?: string | null;
};

/** Where an address is dialled; a `sip:` link opened elsewhere lands here, filled in. */
export function DialerPanel({ dial, onAddressChange, onPlaceCall, activeCallLabel = null }: Props) {
  const sectionRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const check = checkDialAddress(dial.uri);
  const fromLink = dial.linkUri !== null && dial.uri === dial.linkUri;

  useEffect(() => {
    if (dial.requestCount === 0) return;
    sectionRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    inputRef.current?.focus();
  }, [dial.requestCount]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (dial.placing) return;
    if (check.state !== 'valid') {
      inputRef.current?.focus();
      return;
    }
    onPlaceCall(check.uri);
  };

  // One line under the field, always there, so messages never move what is below it.
  const message =
    dial.placeError !== null
      ? { error: true, text: dial.placeError }
      : check.state === 'invalid'
        ? { error: true, text: check.message }
        : {
            error: false,
            text: fromLink ? 'Opened from a sip: link.' : activeCallLabel !== null ? `Calling puts the call with ${activeCallLabel} on hold.` : '\u00a0',
          };

  return (
    <section
      ref={sectionRef}
      className={fromLink ? 'card dialer is-requested' : 'card dialer'}
      aria-labelledby="dialer-heading"
      data-testid="dialer"
    >
      <h2 id="dialer-heading" className="card-title">
        <Icon name="phone" className="card-title-icon" />
        Dialer
      </h2>
      <form className="dialer-form" onSubmit={submit} noValidate>
        <label className="field-label" htmlFor="dial-address">
          SIP address
        </label>
        <div className="field-row">
          <SipAddressInput
            ref={inputRef}
            id="dial-address"
            value={dial.uri}
            aria-invalid={check.state === 'invalid'}
            aria-describedby="dial-address-check dial-note"
            onChange={(event) => onAddressChange(event.target.value)}
            data-testid="dial-address"
          />
          <BusyButton
            type="submit"
            className="button button-primary dialer-call"
            disabled={check.state === 'empty'}
            busy={dial.placing}
            icon="phone"
            label="Call"
            busyLabel="Calling…"
          />
        </div>
        <p
          id="dial-address-check"
          className={message.error ? 'field-error' : 'field-hint'}
          role={dial.placeError !== null ? 'alert' : undefined}
          data-testid="dial-message"
        >
          {message.text}
        </p>
        <p id="dial-note" className="note">
          A Parley address (sip:…@parley.invalid) is found on the DHT; a SIP phone is called at sip:user@host:port.
        </p>
      </form>
    </section>
  );
}
