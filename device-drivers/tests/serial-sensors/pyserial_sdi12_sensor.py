"""A minimal SDI-12 sensor written with pyserial (Debian python3-serial), at address 3.

Third-party peer for the recorder tests: it shares no code with Phare. Run with /usr/bin/python3:
    /usr/bin/python3 pyserial_sdi12_sensor.py /path/to/pty
Prints "ready" once the port is open. Answers ?!, 3!, 3I!, 3M!/3MC! (service request after 1 s),
3C!/3CC!, 3D0!, 3R0!/3RC0!. The CRC is SDI-12 v1.4 section 4.4.12 (CRC-16/ARC, three characters).
"""
import sys
import threading
import time

import serial

ADDRESS = "3"
MEASURED = "+12.345-0.50"
CONTINUOUS = "+7.000-1.5"


def crc_chars(text):
    crc = 0
    for ch in text.encode("ascii"):
        crc ^= ch
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return chr(0x40 | (crc >> 12)) + chr(0x40 | ((crc >> 6) & 0x3F)) + chr(0x40 | (crc & 0x3F))


def main():
    port = serial.Serial(sys.argv[1], 1200, bytesize=7, parity="E", stopbits=1, timeout=0.05)
    lock = threading.Lock()
    state = {"crc": False}

    def send(text, delay=0.010):
        time.sleep(delay)
        with lock:
            port.write((text + "\r\n").encode("ascii"))
            port.flush()

    def data(body, crc):
        return body + crc_chars(body) if crc else body

    print("ready", flush=True)
    pending = ""
    while True:
        chunk = port.read(64)
        if not chunk:
            continue
        pending += chunk.decode("ascii", errors="replace")
        while "!" in pending:
            command, pending = pending.split("!", 1)
            command = command.lstrip("\x00")
            if command == "?" or command == ADDRESS:
                send(ADDRESS)
            elif command == ADDRESS + "I":
                send(ADDRESS + "14PYSERIALSDI12P1.0X1")
            elif command in (ADDRESS + "M", ADDRESS + "MC"):
                state["crc"] = command.endswith("MC")
                send(ADDRESS + "0012")
                threading.Timer(1.0, send, args=(ADDRESS,)).start()
            elif command in (ADDRESS + "C", ADDRESS + "CC"):
                state["crc"] = command.endswith("CC")
                send(ADDRESS + "00102")
            elif command == ADDRESS + "D0":
                send(data(ADDRESS + MEASURED, state["crc"]))
            elif command in (ADDRESS + "R0", ADDRESS + "RC0"):
                send(data(ADDRESS + CONTINUOUS, command.endswith("RC0")))


if __name__ == "__main__":
    main()
