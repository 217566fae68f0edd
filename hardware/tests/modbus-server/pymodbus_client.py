"""A third-party Modbus client (pymodbus 3.0) run against our servers.

Usage: pymodbus_client.py tcp HOST PORT UNIT OP...   or   pymodbus_client.py rtu DEVICE UNIT OP...
OP is read-holding:ADDRESS:COUNT, write-register:ADDRESS:VALUE, write-registers:ADDRESS:V1,V2,...,
read-coils:ADDRESS:COUNT or write-coil:ADDRESS:0|1. Prints one JSON object per operation:
{"op": ..., "registers": [...]} / {"op": ..., "bits": [...]} / {"op": ..., "ok": true} /
{"op": ..., "exception": CODE} / {"op": ..., "error": "..."}. Run with /usr/bin/python3.
"""
import json
import sys

from pymodbus.client import ModbusSerialClient, ModbusTcpClient
from pymodbus.pdu import ExceptionResponse


def connect(args):
    if args[0] == "tcp":
        return ModbusTcpClient(args[1], port=int(args[2]), timeout=2), args[3:]
    # 8N1: pyserial's tcsetattr refuses parity on a Linux pty (EINVAL), and a pty ignores it anyway
    # (protocols.md section 7.3).
    client = ModbusSerialClient(args[1], baudrate=19200, bytesize=8, parity="N", stopbits=1, timeout=2)
    return client, args[2:]


def run(client, unit, op):
    kind, address, arg = op.split(":")
    address = int(address)
    if kind == "read-holding":
        response = client.read_holding_registers(address, int(arg), slave=unit)
    elif kind == "read-coils":
        response = client.read_coils(address, int(arg), slave=unit)
    elif kind == "write-register":
        response = client.write_register(address, int(arg), slave=unit)
    elif kind == "write-registers":
        response = client.write_registers(address, [int(v) for v in arg.split(",")], slave=unit)
    elif kind == "write-coil":
        response = client.write_coil(address, arg == "1", slave=unit)
    else:
        raise ValueError(kind)
    if isinstance(response, ExceptionResponse):
        return {"op": op, "exception": response.exception_code}
    if response.isError():
        return {"op": op, "error": str(response)}
    if kind == "read-holding":
        return {"op": op, "registers": response.registers}
    if kind == "read-coils":
        return {"op": op, "bits": response.bits[: int(arg)]}
    return {"op": op, "ok": True}


def main():
    client, rest = connect(sys.argv[1:])
    unit, ops = int(rest[0]), rest[1:]
    if not client.connect():
        print(json.dumps({"error": "cannot connect"}))
        sys.exit(2)
    try:
        for op in ops:
            try:
                print(json.dumps(run(client, unit, op)), flush=True)
            except Exception as exc:  # report, keep going: the test asserts on each line
                print(json.dumps({"op": op, "error": repr(exc)}), flush=True)
    finally:
        client.close()


if __name__ == "__main__":
    main()
