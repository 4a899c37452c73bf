import type { ComponentProps } from 'react';

type TextInputProps = Omit<ComponentProps<'input'>, 'className' | 'type' | 'autoComplete' | 'spellCheck'>;

/**
 * A one-line field for an address or a name. Neither is prose, so the browser neither
 * completes nor spell-checks it: its suggestions would only be wrong.
 */
export function TextInput(props: TextInputProps) {
  return <input className="text-input" type="text" autoComplete="off" spellCheck={false} {...props} />;
}

/** A field for a SIP address: the keyboard for URLs, and an example of the form as placeholder. */
export function SipAddressInput(props: Omit<TextInputProps, 'inputMode' | 'placeholder'>) {
  return <TextInput inputMode="url" placeholder="sip:someone@example.org" {...props} />;
}
