import { useEffect, useRef } from 'react';
import type { DialState } from '../state/app-state.js';
import { checkDialAddress } from '../view/check-dial-address.js';
import { Icon } from './icon.js';

type Props = {
  dial: DialState;
  onAddressChange(uri: string): void;
};

/** Where an address is dialled; a `sip:` link opened elsewhere lands here, filled in. */
export function DialerPanel({ dial, onAddressChange }: Props) {
  const sectionRef = useRef<HTMLElement>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const check = checkDialAddress(dial.uri);
  const fromLink = dial.linkUri !== null && dial.uri === dial.linkUri;

  useEffect(() => {
    if (dial.requestCount === 0) return;
    sectionRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    inputRef.current?.focus();
  }, [dial.requestCount]);

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
      <form className="dialer-form" onSubmit={(event) => event.preventDefault()} noValidate>
        <label className="field-label" htmlFor="dial-address">
          SIP address
        </label>
        <div className="field-row">
          <input
            ref={inputRef}
            id="dial-address"
            className="text-input"
            type="text"
            inputMode="url"
            placeholder="sip:someone@example.org"
            autoComplete="off"
            spellCheck={false}
            value={dial.uri}
            aria-invalid={check.state === 'invalid'}
            aria-describedby="dial-address-check dial-note"
            onChange={(event) => onAddressChange(event.target.value)}
            data-testid="dial-address"
          />
          <button type="submit" className="button button-primary" disabled aria-describedby="dial-note">
            <Icon name="phone" />
            Call
          </button>
        </div>
        <p id="dial-address-check" className={check.state === 'invalid' ? 'field-error' : 'field-hint'}>
          {check.state === 'invalid' ? check.message : fromLink ? 'Opened from a sip: link.' : '\u00a0'}
        </p>
        <p id="dial-note" className="note">
          Calling arrives with the SIP stack; this version cannot place calls yet.
        </p>
      </form>
    </section>
  );
}
