/**
 * The two Admin API requests kafkajs does not offer, sent on its own authenticated connection:
 * DescribeUserScramCredentials (API key 50, version 0) and DescribeClientQuotas (API key 48,
 * version 0). Built with kafkajs's own protocol encoder and decoder.
 */
import type { Kafka } from 'kafkajs';
const Encoder = require('kafkajs/src/protocol/encoder');
const Decoder = require('kafkajs/src/protocol/decoder');
const { failure, createErrorFromCode } = require('kafkajs/src/protocol/error');

export interface ScramUser {
  readonly user: string;
  readonly mechanisms: ('SCRAM-SHA-256' | 'SCRAM-SHA-512')[];
}

export interface UserQuota {
  readonly user: string;
  readonly config: Record<string, number>;
}

const MECHANISM: Record<number, 'SCRAM-SHA-256' | 'SCRAM-SHA-512'> = { 1: 'SCRAM-SHA-256', 2: 'SCRAM-SHA-512' };

/** A connected kafkajs cluster object of `kafka`, for raw requests. Disconnect it when done. */
export async function rawCluster(kafka: Kafka): Promise<{ send: (request: unknown) => Promise<any>; disconnect: () => Promise<void> }> {
  const create = Object.getOwnPropertySymbols(kafka).find((s) => s.description === 'private:Kafka:createCluster');
  if (!create) throw new Error('internal: this kafkajs version hides its cluster factory');
  const cluster = (kafka as any)[create]({});
  await cluster.connect();
  const broker = await cluster.findControllerBroker().catch(() => cluster.brokerPool.seedBroker);
  return { send: (request) => broker.connectionPool.send(request), disconnect: () => cluster.disconnect() };
}

function protocolError(what: string, code: number, message?: string | null): Error {
  const e = createErrorFromCode(code);
  e.message = `${what}: ${message || e.message}`;
  return e;
}

/** Every user with SCRAM credentials and its mechanisms (passwords are never revealed). */
export async function describeScramUsers(send: (request: unknown) => Promise<any>): Promise<ScramUser[]> {
  const request = {
    apiKey: 50,
    apiVersion: 0,
    apiName: 'DescribeUserScramCredentials',
    // header tag buffer, users: null (all), tag buffer
    encode: async () => new Encoder().writeUVarInt(0).writeUVarInt(0).writeUVarInt(0),
  };
  const response = {
    decode: async (raw: Buffer) => {
      const d = new Decoder(raw);
      d.readTaggedFields();
      d.readInt32();
      const errorCode = d.readInt16();
      const errorMessage = d.readUVarIntString();
      const results = d.readUVarIntArray((r: any) => {
        const user = r.readUVarIntString();
        const code = r.readInt16();
        const message = r.readUVarIntString();
        const infos = r.readUVarIntArray((i: any) => {
          const mechanism = i.readInt8();
          i.readInt32();
          i.readTaggedFields();
          return mechanism;
        });
        r.readTaggedFields();
        return { user, code, message, infos };
      });
      return { errorCode, errorMessage, results };
    },
    parse: async (data: any) => {
      if (failure(data.errorCode)) throw protocolError('DescribeUserScramCredentials', data.errorCode, data.errorMessage);
      return data;
    },
  };
  const data = await send({ request, response });
  const out: ScramUser[] = [];
  for (const r of data.results ?? []) {
    if (failure(r.code)) continue; // RESOURCE_NOT_FOUND for a user without credentials
    out.push({
      user: r.user,
      mechanisms: (r.infos as number[])
        .map((m) => MECHANISM[m])
        .filter(Boolean)
        .sort(),
    });
  }
  return out.sort((a, b) => a.user.localeCompare(b.user));
}

/** Quotas set on single users (entity type `user`, no client id). */
export async function describeUserQuotas(send: (request: unknown) => Promise<any>): Promise<UserQuota[]> {
  const request = {
    apiKey: 48,
    apiVersion: 0,
    apiName: 'DescribeClientQuotas',
    // components: [{ entity_type: 'user', match_type: 2 (any specified), match: null }], strict: true
    encode: async () => new Encoder().writeArray([new Encoder().writeString('user').writeInt8(2).writeString(null)]).writeBoolean(true),
  };
  const response = {
    decode: async (raw: Buffer) => {
      const d = new Decoder(raw);
      d.readInt32();
      const errorCode = d.readInt16();
      const errorMessage = d.readString();
      const entries = d.readArray((e: any) => {
        const entity = e.readArray((x: any) => ({ type: x.readString(), name: x.readString() }));
        const values = e.readArray((v: any) => ({ key: v.readString(), value: v.readDouble() }));
        return { entity, values };
      });
      return { errorCode, errorMessage, entries };
    },
    parse: async (data: any) => {
      if (failure(data.errorCode)) throw protocolError('DescribeClientQuotas', data.errorCode, data.errorMessage);
      return data;
    },
  };
  const data = await send({ request, response });
  const out: UserQuota[] = [];
  for (const e of data.entries ?? []) {
    if (e.entity.length !== 1 || e.entity[0].type !== 'user' || !e.entity[0].name) continue;
    const config: Record<string, number> = {};
    for (const v of e.values) config[v.key] = v.value;
    out.push({ user: e.entity[0].name, config });
  }
  return out.sort((a, b) => a.user.localeCompare(b.user));
}
