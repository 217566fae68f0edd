"""A third-party Modbus TCP server (pymodbus 3.0) for our client to talk to.

Unit 1 holds: holding registers 0..199 (register i = 1000 + i), input registers 0..99 (i = 2000 + i),
coils 0..63 (even addresses on), discrete inputs 0..63 (multiples of 3 on). zero_mode makes the
protocol address equal the block index. Binds an ephemeral port on 127.0.0.1 and prints
"READY <port>" once it accepts connections. Run with /usr/bin/python3 (Debian's pymodbus).
"""
import asyncio
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server.async_io import ModbusTcpServer


def build_context():
    unit = ModbusSlaveContext(
        hr=ModbusSequentialDataBlock(0, [1000 + i for i in range(200)]),
        ir=ModbusSequentialDataBlock(0, [2000 + i for i in range(100)]),
        co=ModbusSequentialDataBlock(0, [i % 2 == 0 for i in range(64)]),
        di=ModbusSequentialDataBlock(0, [i % 3 == 0 for i in range(64)]),
        zero_mode=True,
    )
    return ModbusServerContext(slaves={1: unit}, single=False)


async def main():
    server = ModbusTcpServer(build_context(), address=("127.0.0.1", 0))
    task = asyncio.create_task(server.serve_forever())
    await server.serving
    port = server.server.sockets[0].getsockname()[1]
    print(f"READY {port}", flush=True)
    await task


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        sys.exit(0)
