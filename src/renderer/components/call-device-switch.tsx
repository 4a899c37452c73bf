import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ApiResult, AudioDevices } from '../../shared/api-contract.js';
import type { CallCommands } from '../state/call-commands.js';
import { apiErrorMessage } from '../view/api-error-message.js';
import {
  callDeviceOptions,
  callDeviceStatus,
  callDeviceValue,
  deviceWord,
  IDLE_SWITCH,
  type CallDeviceDirection,
  type CallDeviceList,
  type CallDeviceSwitchState,
} from '../view/call-device-view.js';
import { deviceChoice } from '../view/device-options.js';
import { closeOnEscape } from './close-on-escape.js';

type InUse = { readonly input: string | null; readonly output: string | null };

type ViewProps = {
  id: string;
  list: CallDeviceList;
  /** The devices the call uses now (its view); a direction that is null has no select. */
  inUse: InUse;
  switches: Readonly<Record<CallDeviceDirection, CallDeviceSwitchState>>;
  onSwitch(direction: CallDeviceDirection, name: string | null): void;
  onReload(): void;
  /** Escape: the panel closes it and gives the focus back. */
  onClose(): void;
};

/**
 * The microphone and speaker selects of one call, as they look in each state: the list being
 * asked for, a switch on its way (the select shows the device asked for, busy, with a spinner),
 * a refusal said below the select. Pure: the states come in as props.
 */
export function CallDeviceSwitchView({ id, list, inUse, switches, onSwitch, onReload, onClose }: ViewProps) {
  return (
    <div
      id={id}
      className="call-devices"
      role="group"
      aria-label="Microphone and speaker of this call"
      aria-busy={list.phase === 'loading'}
      onKeyDown={closeOnEscape(onClose)}
      data-testid="call-devices"
    >
      {list.phase === 'loading' ? (
        <p className="list-waiting call-devices-waiting" role="status" data-testid="call-devices-loading">
          <span className="spinner" aria-hidden="true" />
          Looking for microphones and speakers…
        </p>
      ) : list.phase === 'failed' ? (
        <div className="call-devices-failed">
          <p className="field-error" role="alert" data-testid="call-devices-error">
            Could not list the sound devices: {list.error}
          </p>
          <button type="button" className="button button-quiet" onClick={onReload}>
            Try again
          </button>
        </div>
      ) : (
        (['input', 'output'] as const).map((direction) => {
          const name = inUse[direction];
          if (name === null) return null;
          const devices = direction === 'input' ? list.devices.inputs : list.devices.outputs;
          return <DeviceRow key={direction} direction={direction} devices={devices} inUse={name} state={switches[direction]} onSwitch={onSwitch} />;
        })
      )}
      <p className="field-hint call-devices-hint">For this call only; the settings choose the devices of the next calls.</p>
    </div>
  );
}

type RowProps = {
  direction: CallDeviceDirection;
  devices: AudioDevices['inputs'];
  inUse: string;
  state: CallDeviceSwitchState;
  onSwitch(direction: CallDeviceDirection, name: string | null): void;
};

function DeviceRow({ direction, devices, inUse, state, onSwitch }: RowProps) {
  const selectId = useId();
  const statusId = useId();
  const switching = state.phase === 'switching';
  const failed = state.phase === 'failed';
  return (
    <div className="call-device-field">
      <label className="field-label" htmlFor={selectId}>
        {deviceWord(direction)}
      </label>
      <div className="field-row">
        <select
          id={selectId}
          className="select-input"
          value={callDeviceValue(inUse, state)}
          aria-describedby={statusId}
          aria-busy={switching}
          aria-invalid={failed || undefined}
          onChange={(event) => {
            if (!switching) onSwitch(direction, deviceChoice(event.target.value));
          }}
          data-testid={`call-device-${direction}`}
        >
          {callDeviceOptions(devices, inUse).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
        <span className="spinner-slot" aria-hidden="true">
          {switching && <span className="spinner" />}
        </span>
      </div>
      <p id={statusId} className={failed ? 'field-error' : 'field-hint'} role={failed ? 'alert' : 'status'} data-testid={`call-device-${direction}-status`}>
        {callDeviceStatus(direction, inUse, state)}
      </p>
    </div>
  );
}

type Props = {
  id: string;
  callId: string;
  inUse: InUse;
  commands: Pick<CallCommands, 'listAudioDevices' | 'switchCallDevice'>;
  onClose(): void;
};

const FAILURE_PREFIX: Record<CallDeviceDirection, string> = {
  input: 'Could not switch the microphone',
  output: 'Could not switch the speaker',
};

/**
 * A call's device switch: asks the core for the machine's devices when it opens, and moves the
 * call's microphone or speaker when one is picked. The call's view (its `callUpdated`) then
 * names the device in use; a refusal stays under its select until the next pick.
 */
export function CallDeviceSwitch({ id, callId, inUse, commands, onClose }: Props) {
  const [list, setList] = useState<CallDeviceList>({ phase: 'loading' });
  const [switches, setSwitches] = useState<Record<CallDeviceDirection, CallDeviceSwitchState>>({ input: IDLE_SWITCH, output: IDLE_SWITCH });
  const open = useRef(true);
  useEffect(
    () => () => {
      open.current = false;
    },
    [],
  );

  const load = useCallback(async () => {
    setList({ phase: 'loading' });
    const result = await commands.listAudioDevices();
    if (open.current) setList(result.ok ? { phase: 'loaded', devices: result.value } : { phase: 'failed', error: apiErrorMessage(result.error) });
  }, [commands]);

  useEffect(() => {
    void load();
  }, [load]);

  const settle = (direction: CallDeviceDirection, result: ApiResult<unknown>): void => {
    if (!open.current) return;
    const state: CallDeviceSwitchState = result.ok ? IDLE_SWITCH : { phase: 'failed', error: `${FAILURE_PREFIX[direction]}: ${apiErrorMessage(result.error)}` };
    setSwitches((current) => ({ ...current, [direction]: state }));
  };

  const onSwitch = (direction: CallDeviceDirection, name: string | null): void => {
    setSwitches((current) => ({ ...current, [direction]: { phase: 'switching', wanted: name } }));
    void commands.switchCallDevice(callId, direction, name).then((result) => settle(direction, result));
  };

  return <CallDeviceSwitchView id={id} list={list} inUse={inUse} switches={switches} onSwitch={onSwitch} onReload={() => void load()} onClose={onClose} />;
}
