variable "create" {
  type    = bool
  default = true
}

variable "function_name" {
  type    = string
  default = ""
}

variable "handler" {
  type    = string
  default = ""
}

variable "runtime" {
  type    = string
  default = ""
}

variable "timeout" {
  type    = number
  default = 3
}

variable "memory_size" {
  type    = number
  default = 128
}

variable "tracing_mode" {
  type    = string
  default = null
}

variable "cloudwatch_logs_retention_in_days" {
  type    = number
  default = null
}

variable "role_name" {
  type    = string
  default = null
}
