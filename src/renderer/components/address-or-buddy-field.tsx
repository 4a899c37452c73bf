import { useId, type ReactNode, type RefObject } from 'react';
import type { Contact } from '../../shared/api-contract.js';
import { contactLabel } from '../view/contact-view.js';
import { SipAddressInput } from './text-input.js';

type Props = {
  /** The class of each field's wrapper, named after the form (`transfer-field`). */
  fieldClassName: string;
  /** The address field's label: what the form does with the address ("Transfer to"). */
  label: string;
  /** The buddies that may be picked; without any, only the address field shows. */
  buddies: readonly Contact[];
  uri: string;
  /** A buddy picked or a key typed: the form stores the address and clears its last message. */
  onUriChange(uri: string): void;
  inputRef: RefObject<HTMLInputElement | null>;
  /** The address was refused: the field says so to assistive technology. */
  invalid: boolean;
  /** The form's message line, which describes the field. */
  messageId: string;
  buddyTestId: string;
  uriTestId: string;
  /** The form's buttons, on the row of the address field. */
  children: ReactNode;
};

/**
 * "Any SIP address, or a buddy from the list": picking a buddy fills the address in, so the
 * form reads one value whichever way it was given. Used where a call is transferred and where
 * someone is invited into a conference.
 */
export function AddressOrBuddyField({ fieldClassName, label, buddies, uri, onUriChange, inputRef, invalid, messageId, buddyTestId, uriTestId, children }: Props) {
  const inputId = useId();
  const pickId = useId();
  return (
    <>
      {buddies.length > 0 && (
        <div className={fieldClassName}>
          <label className="field-label" htmlFor={pickId}>
            Buddy
          </label>
          <select
            id={pickId}
            className="select-input"
            value={buddies.find((contact) => contact.uri === uri)?.uri ?? ''}
            onChange={(event) => {
              if (event.target.value !== '') onUriChange(event.target.value);
            }}
            data-testid={buddyTestId}
          >
            <option value="">Pick a buddy…</option>
            {buddies.map((contact) => (
              <option key={contact.uri} value={contact.uri}>
                {contactLabel(contact) === contact.uri ? contact.uri : `${contactLabel(contact)} — ${contact.uri}`}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className={fieldClassName}>
        <label className="field-label" htmlFor={inputId}>
          {label}
        </label>
        <div className="field-row">
          <SipAddressInput
            ref={inputRef}
            id={inputId}
            value={uri}
            aria-invalid={invalid}
            aria-describedby={messageId}
            onChange={(event) => onUriChange(event.target.value)}
            data-testid={uriTestId}
          />
          {children}
        </div>
      </div>
    </>
  );
}
