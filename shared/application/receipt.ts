/** 受理回执: the numbered receipt an accepted application gets (lifecycle.md step 1). */
import { maskIdCard } from '../identity/idcard';
import type { ISODate } from '../dates';
import { CHANNELS, type Channel } from './status';

/** The receipt as stored and shown. The ID number is masked: the receipt may be shown to an agent. */
export interface Receipt {
  /** Unique: `JF2021-1008-000123` (round, acceptance day, sequence of that round). */
  number: string;
  name: string;
  idNumberMasked: string;
  permitNumber: string;
  mobile: string;
  acceptedOn: ISODate;
  channel: Channel;
  channelLabel: string;
  /** Every material received, keyed to its indicator. */
  materials: { key: string; indicatorId: string | null; label: string; fileName: string }[];
}

/** Formats the receipt number from the round id, the acceptance day and the round's sequence number. */
export function receiptNumber(roundId: string, acceptedOn: ISODate, seq: number): string {
  return `JF${roundId}-${acceptedOn.slice(5, 7)}${acceptedOn.slice(8, 10)}-${String(seq).padStart(6, '0')}`;
}

/** Builds a receipt. */
export function buildReceipt(args: {
  roundId: string;
  seq: number;
  acceptedOn: ISODate;
  channel: Channel;
  identity: { name: string; idNumber: string; permitNumber: string; mobile: string };
  materials: Receipt['materials'];
}): Receipt {
  return {
    number: receiptNumber(args.roundId, args.acceptedOn, args.seq),
    name: args.identity.name,
    idNumberMasked: maskIdCard(args.identity.idNumber),
    permitNumber: args.identity.permitNumber,
    mobile: args.identity.mobile,
    acceptedOn: args.acceptedOn,
    channel: args.channel,
    channelLabel: CHANNELS[args.channel],
    materials: args.materials,
  };
}
