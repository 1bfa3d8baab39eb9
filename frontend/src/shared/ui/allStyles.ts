// Every Mantine stylesheet, for an app that does not list its components' own (the driver app does:
// src/driver/styles.ts). The core's styles come before the other packages'.
import "@mantine/core/styles.css";
import "@mantine/dates/styles.css";
import "@mantine/notifications/styles.css";
