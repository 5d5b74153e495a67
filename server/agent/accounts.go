package agent

import (
	"encoding/json"
	"fmt"

	"golang.org/x/crypto/bcrypt"
)

// Account is an agent's account: {"user", "name", "passwordHash", "role",
// "supervisor"}. Role is "agent" (the default) or "admin": an admin also
// reaches the site owner's console at /admin. A supervisor's console also
// shows every live conversation, and opens any of them read-only.
type Account struct {
	User         string `json:"user"`
	Name         string `json:"name"`
	PasswordHash string `json:"passwordHash"`
	Role         string `json:"role,omitempty"`
	Supervisor   bool   `json:"supervisor,omitempty"`
}

// RoleAdmin is the Role of the accounts that may use /admin.
const RoleAdmin = "admin"

// demoHash is bcrypt("demo").
const demoHash = "$2a$10$qYjivlR0itQkU.5bXKhIceZnNy2IXrY.Nl6DejPhLtd3G4xWsfxAC"

// DemoAccounts is the demo's single agent: user "demo", password "demo",
// an admin.
func DemoAccounts() []Account {
	return []Account{{User: "demo", Name: "Demo Agent", PasswordHash: demoHash, Role: RoleAdmin}}
}

// HashPassword returns the bcrypt hash of password for an accounts file.
func HashPassword(password string) (string, error) {
	if password == "" {
		return "", fmt.Errorf("agent: empty password")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(password), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("agent: %w", err)
	}
	return string(h), nil
}

// ParseAccounts reads a JSON array of accounts and checks each one.
func ParseAccounts(data []byte) ([]Account, error) {
	var accounts []Account
	if err := json.Unmarshal(data, &accounts); err != nil {
		return nil, fmt.Errorf("agent: accounts: %w", err)
	}
	if _, err := index(accounts); err != nil {
		return nil, err
	}
	return accounts, nil
}

func index(accounts []Account) (map[string]Account, error) {
	out := make(map[string]Account, len(accounts))
	for i, a := range accounts {
		if a.User == "" {
			return nil, fmt.Errorf("agent: accounts[%d]: user is empty", i)
		}
		if _, dup := out[a.User]; dup {
			return nil, fmt.Errorf("agent: accounts[%d]: user %q appears twice", i, a.User)
		}
		if _, err := bcrypt.Cost([]byte(a.PasswordHash)); err != nil {
			return nil, fmt.Errorf("agent: accounts[%d] (%s): passwordHash is not a bcrypt hash", i, a.User)
		}
		if a.Role != "" && a.Role != "agent" && a.Role != RoleAdmin {
			return nil, fmt.Errorf("agent: accounts[%d] (%s): role is %q; want \"agent\" or \"admin\"", i, a.User, a.Role)
		}
		if a.Name == "" {
			a.Name = a.User
		}
		out[a.User] = a
	}
	return out, nil
}
