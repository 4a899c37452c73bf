/** The effects the four machines emit, each written once (the types are in transaction-effect.ts). */
export const SEND_REQUEST = { type: 'sendRequest', retransmission: false } as const;
export const RESEND_REQUEST = { type: 'sendRequest', retransmission: true } as const;
export const SEND_ACK = { type: 'sendAck', retransmission: false } as const;
export const RESEND_ACK = { type: 'sendAck', retransmission: true } as const;
export const PASS_RESPONSE = { type: 'passToTu', message: 'response' } as const;
export const SEND_TRYING = { type: 'sendTrying' } as const;
export const SEND_RESPONSE = { type: 'sendResponse', retransmission: false } as const;
export const RESEND_RESPONSE = { type: 'sendResponse', retransmission: true } as const;
export const PASS_REQUEST = { type: 'passToTu', message: 'request' } as const;
export const PASS_ACK = { type: 'passToTu', message: 'ack' } as const;
