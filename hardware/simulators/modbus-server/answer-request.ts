/**
 * Turns one request PDU for one unit into the answer PDU a simulated device gives, by calling the
 * unit's handler. Shared by every server framing (MBAP over TCP, RTU on a line, RTU over TCP), which
 * differ only in how they carry bytes and in what an unknown unit means.
 */
import { silentLogger, type Logger } from '@phare/device-drivers/contract.ts';
import {
  decodeRequestPdu,
  describeRequest,
  encodeExceptionPdu,
  encodeResponsePdu,
  functionCodeOf,
  quantityOf,
  type ModbusRequest,
} from '@phare/device-drivers/modbus/pdu.ts';
import {
  ExceptionCode,
  ModbusExceptionResponse,
  type ModbusUnitHandler,
  type ModbusUnitResolver,
} from '@phare/device-drivers/modbus/types.ts';

export interface AnswerContext {
  resolveUnit: ModbusUnitResolver;
  /**
   * What an unknown unit gets. A TCP gateway answers exception 0x0B GATEWAY TARGET DEVICE FAILED TO
   * RESPOND (Application Protocol §7); on a serial line nobody owns the address, so nobody answers.
   */
  unknownUnit: 'gateway-exception' | 'silence';
  logger?: Logger;
}

/** The answer PDU, or undefined when the device stays silent (the client will time out). */
export async function answerRequest(
  context: AnswerContext,
  unit: number,
  pdu: Buffer,
): Promise<Buffer | undefined> {
  const logger = context.logger ?? silentLogger;
  const fc = pdu[0] ?? 0;
  const handler = context.resolveUnit(unit);
  if (!handler) {
    if (context.unknownUnit === 'silence') return undefined;
    return encodeExceptionPdu(fc, ExceptionCode.GatewayTargetFailedToRespond);
  }
  const decoded = decodeRequestPdu(pdu);
  if (!decoded.ok) return encodeExceptionPdu(decoded.functionCode, decoded.exceptionCode);
  const request = decoded.request;
  try {
    return await execute(handler, request);
  } catch (error) {
    if (error instanceof ModbusExceptionResponse) return encodeExceptionPdu(fc, error.exceptionCode);
    // A bug in a simulated device must not kill the server: answer as a failing device would.
    logger.error('unit handler failed', { request: describeRequest(unit, request), error: String(error) });
    return encodeExceptionPdu(fc, ExceptionCode.ServerDeviceFailure);
  }
}

async function execute(handler: ModbusUnitHandler, request: ModbusRequest): Promise<Buffer | undefined> {
  switch (request.kind) {
    case 'readRegisters': {
      const values = await handler.readRegisters(request.table, request.address, request.quantity);
      if (values === undefined) return undefined;
      checkCount(values, request);
      return encodeResponsePdu(request, values);
    }
    case 'readBits': {
      if (!handler.readBits) throw new ModbusExceptionResponse(ExceptionCode.IllegalFunction);
      const values = await handler.readBits(request.table, request.address, request.quantity);
      if (values === undefined) return undefined;
      checkCount(values, request);
      return encodeResponsePdu(request, values);
    }
    case 'writeRegister':
    case 'writeRegisters': {
      const values = request.kind === 'writeRegister' ? [request.value] : request.values;
      const outcome = await handler.writeRegisters(request.address, values);
      return outcome === 'silent' ? undefined : encodeResponsePdu(request);
    }
    case 'writeCoil':
    case 'writeCoils': {
      if (!handler.writeCoils) throw new ModbusExceptionResponse(ExceptionCode.IllegalFunction);
      const values = request.kind === 'writeCoil' ? [request.value] : request.values;
      const outcome = await handler.writeCoils(request.address, values);
      return outcome === 'silent' ? undefined : encodeResponsePdu(request);
    }
  }
}

function checkCount(values: readonly unknown[], request: ModbusRequest): void {
  if (values.length !== quantityOf(request)) {
    throw new Error(
      `handler returned ${values.length} values for FC${functionCodeOf(request)} quantity ${quantityOf(request)}`,
    );
  }
}
