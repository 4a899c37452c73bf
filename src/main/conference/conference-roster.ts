import { formatConferenceInfo, type RosterMember } from './conference-info.js';

/**
 * The focus's roster of one conference (pure): who is in it, muted, speaking; the lock; and
 * which users changed since the last notification, so the next one can be partial (RFC 4575
 * §4.6). The version counts documents: each notification takes the next one.
 */
export class ConferenceRoster {
  readonly entity: string;
  readonly subject: string;
  readonly #members = new Map<string, RosterMember>();
  #locked = false;
  #version = 0;
  /** Users (entities) whose endpoints changed since the last `takeChanges`. */
  readonly #changedUsers = new Set<string>();
  #stateChanged = false;

  constructor(entity: string, subject: string) {
    this.entity = entity;
    this.subject = subject;
  }

  get members(): readonly RosterMember[] {
    return [...this.#members.values()];
  }

  get locked(): boolean {
    return this.#locked;
  }

  get version(): number {
    return this.#version;
  }

  /** Users, as RFC 4575 counts them (a user with two devices in the conference is one). */
  get userCount(): number {
    return new Set(this.members.map((member) => member.uri)).size;
  }

  /** Whether anything changed that subscribers have not been told. */
  get dirty(): boolean {
    return this.#changedUsers.size > 0 || this.#stateChanged;
  }

  find(memberId: string): RosterMember | undefined {
    return this.#members.get(memberId);
  }

  add(member: RosterMember): void {
    this.#members.set(member.memberId, member);
    this.#changedUsers.add(member.uri);
  }

  remove(memberId: string): RosterMember | undefined {
    const member = this.#members.get(memberId);
    if (!member) return undefined;
    this.#members.delete(memberId);
    this.#changedUsers.add(member.uri);
    return member;
  }

  /** True when it changed anything. */
  setMuted(memberId: string, muted: boolean): boolean {
    return this.#update(memberId, (member) => (member.muted === muted ? undefined : { ...member, muted }));
  }

  /** Names a member the focus knew no name for (someone it called in); true when it changed anything. */
  setDisplayName(memberId: string, displayName: string): boolean {
    return this.#update(memberId, (member) => (member.displayName === displayName ? undefined : { ...member, displayName }));
  }

  /** The mixer's loudest speakers now; true when anyone's indicator changed. */
  setSpeaking(speaking: readonly string[]): boolean {
    const now = new Set(speaking);
    let changed = false;
    for (const member of this.members) {
      if (this.#update(member.memberId, (entry) => (entry.speaking === now.has(entry.memberId) ? undefined : { ...entry, speaking: now.has(entry.memberId) }))) changed = true;
    }
    return changed;
  }

  setLocked(locked: boolean): boolean {
    if (this.#locked === locked) return false;
    this.#locked = locked;
    this.#stateChanged = true;
    return true;
  }

  /** The whole roster at the current version: what a new subscriber gets first. */
  fullDocument(): string {
    return formatConferenceInfo({ entity: this.entity, version: this.#version, state: 'full', subject: this.subject, locked: this.#locked, userCount: this.userCount, members: this.members });
  }

  /**
   * The next version, as a partial document naming the users that changed (all of a named
   * user's endpoints; `deleted` for a user with none left); undefined when nothing changed.
   */
  takeChanges(): string | undefined {
    if (!this.dirty) return undefined;
    this.#version += 1;
    const members = this.members.filter((member) => this.#changedUsers.has(member.uri));
    const present = new Set(members.map((member) => member.uri));
    const deletedUsers = [...this.#changedUsers].filter((uri) => !present.has(uri));
    this.#changedUsers.clear();
    this.#stateChanged = false;
    return formatConferenceInfo({ entity: this.entity, version: this.#version, state: 'partial', subject: this.subject, locked: this.#locked, userCount: this.userCount, members, deletedUsers });
  }

  #update(memberId: string, change: (member: RosterMember) => RosterMember | undefined): boolean {
    const member = this.#members.get(memberId);
    const changed = member && change(member);
    if (!changed) return false;
    this.#members.set(memberId, changed);
    this.#changedUsers.add(changed.uri);
    return true;
  }
}
