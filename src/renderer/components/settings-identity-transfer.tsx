import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { SettingsState } from '../state/settings-state.js';
import type { SettingsCommands } from '../state/use-settings.js';
import { useClipboardCopy } from '../state/use-clipboard-copy.js';
import { checkTransferPassphrase, type PassphraseProblem } from '../view/identity-transfer-view.js';
import { BusyButton } from './busy-button.js';
import { CopyButton } from './copy-button.js';
import { CopyStatus } from './copy-status.js';

type Props = { settings: SettingsState; commands: SettingsCommands };

export const TRANSFER_WARNING = 'Whoever has both the code and the passphrase can be you: send them by different ways, or type the passphrase on the other device yourself.';

/**
 * Moves this identity to a second device: a passphrase (twice), then a transfer code sealed with
 * it. The passphrase lives in the two fields only while it is typed, and is cleared as it is sent.
 */
export function IdentityTransferSettings({ settings, commands }: Props) {
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [problem, setProblem] = useState<PassphraseProblem | null>(null);
  const passphraseRef = useRef<HTMLInputElement>(null);
  const confirmationRef = useRef<HTMLInputElement>(null);
  const passphraseId = useId();
  const confirmationId = useId();
  const hintId = useId();
  const problemId = useId();
  const creating = settings.pending.includes('exportIdentity');
  const error = settings.errors.exportIdentity;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (creating) return;
    const found = checkTransferPassphrase(passphrase, confirmation);
    setProblem(found);
    if (found !== null) {
      (found.field === 'passphrase' ? passphraseRef : confirmationRef).current?.focus();
      return;
    }
    setPassphrase('');
    setConfirmation('');
    void commands.createTransferCode(passphrase);
  };

  const fieldProps = (field: PassphraseProblem['field']) => ({
    className: 'text-input',
    type: 'password',
    autoComplete: 'new-password',
    spellCheck: false,
    'aria-invalid': problem?.field === field,
    'aria-describedby': problem?.field === field ? problemId : hintId,
  });

  return (
    <section className="settings-section" aria-labelledby="settings-transfer-heading" aria-busy={creating}>
      <h3 id="settings-transfer-heading" className="settings-section-title">
        Use on a second device
      </h3>
      <form className="form-box identity-transfer-form" onSubmit={submit} noValidate data-testid="settings-transfer-form">
        <div className="transfer-fields">
          <div>
            <label className="field-label" htmlFor={passphraseId}>
              Passphrase
            </label>
            <input
              ref={passphraseRef}
              id={passphraseId}
              {...fieldProps('passphrase')}
              value={passphrase}
              onChange={(event) => {
                setPassphrase(event.target.value);
                setProblem(null);
              }}
              data-testid="settings-transfer-passphrase"
            />
          </div>
          <div>
            <label className="field-label" htmlFor={confirmationId}>
              Passphrase again
            </label>
            <input
              ref={confirmationRef}
              id={confirmationId}
              {...fieldProps('confirmation')}
              value={confirmation}
              onChange={(event) => {
                setConfirmation(event.target.value);
                setProblem(null);
              }}
              data-testid="settings-transfer-confirmation"
            />
          </div>
        </div>
        {problem !== null ? (
          <p id={problemId} className="field-error" role="alert" data-testid="settings-transfer-problem">
            {problem.message}
          </p>
        ) : (
          <p id={hintId} className="field-hint">
            At least 8 characters. You type it again on the other device.
          </p>
        )}
        <div className="field-row">
          <BusyButton type="submit" className="button button-primary transfer-create" busy={creating} label="Create transfer code" busyLabel="Creating…" />
        </div>
        <p className={error !== undefined && !creating ? 'field-error' : 'field-hint'} role={error !== undefined && !creating ? 'alert' : 'status'}>
          {creating ? 'Sealing your identity with the passphrase…' : (error ?? '\u00a0')}
        </p>
      </form>
      {settings.transferCode !== null && <TransferCode code={settings.transferCode} />}
    </section>
  );
}

/** The code, read-only, with Copy and what to do with it on the other device. */
function TransferCode({ code }: { code: string }) {
  const codeRef = useRef<HTMLTextAreaElement>(null);
  const { outcome, copy } = useClipboardCopy(code, codeRef);
  const codeId = useId();
  const instructionId = useId();

  // A new code takes the focus: copying it is the next thing to do.
  useEffect(() => {
    codeRef.current?.focus();
    codeRef.current?.select();
  }, [code]);

  return (
    <div className="transfer-code" data-testid="settings-transfer-code">
      <label className="field-label" htmlFor={codeId}>
        Transfer code
      </label>
      <div className="field-row transfer-code-row">
        <textarea
          ref={codeRef}
          id={codeId}
          className="text-input transfer-code-value"
          value={code}
          readOnly
          rows={3}
          spellCheck={false}
          aria-describedby={instructionId}
          data-testid="settings-transfer-code-value"
        />
        <CopyButton onCopy={copy} />
      </div>
      <CopyStatus outcome={outcome} refusedHint="The browser refused the clipboard. The code is selected: press Ctrl+C (⌘C on a Mac)." />
      <p id={instructionId} className="transfer-instruction">
        On the other device, run <code>parley identity import</code> with this code, or choose “Import identity”, and give the same passphrase.
      </p>
      <p className="field-hint">{TRANSFER_WARNING}</p>
    </div>
  );
}
