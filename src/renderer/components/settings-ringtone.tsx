import { RingtoneSelect, type RingtoneSettingProps } from './ringtone-select.js';

/** The ringtone, as its own section of the settings (the control itself is `RingtoneSelect`). */
export function RingtoneSettings(props: RingtoneSettingProps) {
  return (
    <section className="settings-section" aria-labelledby="settings-ringtone-heading" aria-busy={props.ringtone === null}>
      <h3 id="settings-ringtone-heading" className="settings-section-title">
        Incoming calls
      </h3>
      <RingtoneSelect {...props} />
    </section>
  );
}
