import { Icon, type IconName } from './icon.js';

type Props = {
  id: string;
  title: string;
  icon: IconName;
  /** One line on what will be here; no sample data. */
  emptyText: string;
};

/** A feature's place in the layout before the feature exists or has anything to show. */
export function EmptySection({ id, title, icon, emptyText }: Props) {
  const headingId = `${id}-heading`;
  return (
    <section className="card feature-section" aria-labelledby={headingId} data-section={id}>
      <h2 id={headingId} className="card-title">
        <Icon name={icon} className="card-title-icon" />
        {title}
      </h2>
      <p className="empty-state">{emptyText}</p>
    </section>
  );
}
