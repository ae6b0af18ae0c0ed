import { randomBytes } from 'node:crypto';
import { FileBox } from 'file-box';
import * as PUPPET from 'wechaty-puppet';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { ChatIdentity, Person, Room } from '../src/data/models/index.js';
import { RESIDENT_ROLES, STAFF_ROLES } from '../src/domain/roles.js';

export interface SimulatedMessage {
  from: string;
  room?: string;
  text: string;
  mentionBot?: boolean;
  /** PNG or JPEG bytes, sent as an image message. */
  image?: Buffer;
}

/**
 * The WeChat of the demo and the tests: a wechaty-puppet-mock Mocker holding the bot's own
 * account, a contact for every bound mock identity and every registered mock room with its
 * members. `say` makes a contact send a message exactly as the puppet delivers a real one.
 */
export class MockWorld {
  readonly mocker = new mock.Mocker();
  readonly puppet = new PuppetMock({ mocker: this.mocker });
  private user?: mock.ContactMock;
  private readonly byName = new Map<string, mock.ContactMock>();
  private readonly rooms = new Map<string, mock.RoomMock>();

  constructor(
    readonly botName: string,
    readonly platform = 'mock',
  ) {}

  get botId(): string {
    return this.user!.id;
  }

  /** Logs the bot in and loads contacts and rooms from the database. Call after the bot started. */
  async populate(): Promise<void> {
    if (!this.user) {
      this.user = this.mocker.createContact({ id: 'bot-self', name: this.botName });
      this.mocker.login(this.user);
    }
    await this.refresh();
  }

  /** Adds contacts and rooms registered since (a bound identity, a room registered in chat). */
  async refresh(): Promise<void> {
    const identities = await ChatIdentity.find({ platform: this.platform }).lean();
    for (const i of identities) this.ensureContact(i.contactId, i.displayName);
    const rooms = await Room.find({ platform: this.platform }).lean();
    for (const r of rooms) {
      if (this.rooms.has(r.topic)) continue;
      const members = await this.membersOf(r);
      this.rooms.set(
        r.topic,
        this.mocker.createRoom({
          id: r.platformRoomId,
          topic: r.topic,
          memberIdList: [this.botId, ...members],
        }),
      );
    }
  }

  /** Owners' groups hold the zone's residents; staff groups hold staff. */
  private async membersOf(r: {
    communityId: unknown;
    purpose: string;
    zoneId?: unknown;
    department?: string | null;
  }) {
    const filter: Record<string, unknown> = { communityId: r.communityId, active: true };
    if (r.purpose === 'department') filter.department = r.department;
    else if (r.purpose === 'staff') filter.roles = { $in: [...STAFF_ROLES] };
    else filter.roles = { $in: [...RESIDENT_ROLES, 'zone_manager', 'front_desk'] };
    const people = await Person.find(filter, { _id: 1 }).lean();
    const ids = await ChatIdentity.find({
      platform: this.platform,
      personId: { $in: people.map((p) => p._id) },
    }).lean();
    return ids.map((i) => i.contactId);
  }

  private ensureContact(id: string, name: string): mock.ContactMock {
    const existing = this.byName.get(name);
    if (existing?.id === id) return existing;
    let contact: mock.ContactMock;
    try {
      contact = this.mocker.ContactMock.load(id);
    } catch {
      contact = this.mocker.createContact({ id, name });
    }
    this.byName.set(name, contact);
    return contact;
  }

  /** The contact with this display name; an unknown name becomes a new, unbound contact. */
  contact(name: string): mock.ContactMock {
    return this.byName.get(name) ?? this.ensureContact(`sim-${randomBytes(6).toString('hex')}`, name);
  }

  room(topic: string): mock.RoomMock | undefined {
    return this.rooms.get(topic);
  }

  nameOf(contactId: string): string {
    try {
      return this.mocker.contactPayload(contactId).name;
    } catch {
      return contactId;
    }
  }

  topicOf(roomId: string): string | undefined {
    for (const [topic, room] of this.rooms) if (room.id === roomId) return topic;
    return undefined;
  }

  /** Delivers a message from `from` (to the bot, or in `room`) and returns its message id. */
  say(m: SimulatedMessage, id = `sim-${randomBytes(8).toString('hex')}`): string {
    const talker = this.contact(m.from);
    const room = m.room ? this.room(m.room) : undefined;
    if (m.room && !room) throw new Error(`unknown room ${m.room}`);
    if (room) {
      const members = this.mocker.roomPayload(room.id).memberIdList;
      if (!members.includes(talker.id))
        this.mocker.roomPayload(room.id, {
          ...this.mocker.roomPayload(room.id),
          memberIdList: [...members, talker.id],
        });
    }
    const payload: PUPPET.payloads.Message = {
      id,
      talkerId: talker.id,
      timestamp: Date.now(),
      type: m.image ? PUPPET.types.Message.Image : PUPPET.types.Message.Text,
      text: m.image ? undefined : m.mentionBot && room ? `@${this.botName}\u2005${m.text}` : m.text,
      ...(room
        ? { roomId: room.id, mentionIdList: m.mentionBot ? [this.botId] : [] }
        : { listenerId: this.botId }),
    } as PUPPET.payloads.Message;
    if (m.image)
      this.mocker.cacheFileBoxPayload.set(
        id,
        FileBox.fromBase64(m.image.toString('base64'), 'photo.png').toJSON(),
      );
    this.mocker.MessageMock.create(payload);
    this.mocker.puppet.emit('message', { messageId: id });
    return id;
  }

  /** The puppet delivers the same message again (puppets do, after reconnecting). */
  redeliver(id: string): void {
    this.mocker.puppet.emit('message', { messageId: id });
  }
}
