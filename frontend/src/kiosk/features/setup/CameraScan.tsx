import { Button, Stack, Text } from "@mantine/core";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;

function detectorClass(): DetectorClass | null {
  const candidate = (window as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  return candidate && typeof navigator.mediaDevices?.getUserMedia === "function" ? candidate : null;
}

/** The bonus of a cabinet with a camera: the provisioning QR read by the browser's BarcodeDetector. */
export function CameraScan({ onText }: { onText: (text: string) => void }) {
  const { t } = useTranslation();
  const [scanning, setScanning] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const Detector = detectorClass();

  useEffect(() => {
    if (!scanning || !Detector) return;
    let stream: MediaStream | null = null;
    let stopped = false;
    const detector = new Detector({ formats: ["qr_code"] });
    const loop = async () => {
      while (!stopped && video.current) {
        const codes = await detector.detect(video.current).catch(() => []);
        if (codes[0]) {
          onText(codes[0].rawValue);
          setScanning(false);
          return;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } }).then(
      (media) => {
        stream = media;
        if (video.current) {
          video.current.srcObject = media;
          void video.current.play().then(loop);
        }
      },
      () => {
        setFailed(true);
        setScanning(false);
      },
    );
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [scanning, Detector, onText]);

  if (!Detector) return null;
  return (
    <Stack>
      {scanning && <video ref={video} muted playsInline style={{ width: "100%", maxHeight: 320 }} aria-hidden />}
      {failed && <Text c="red.9">{t("setup.noCamera")}</Text>}
      <Button size="lg" variant="light" onClick={() => setScanning((s) => !s)}>{scanning ? t("setup.stopScan") : t("setup.scan")}</Button>
    </Stack>
  );
}
